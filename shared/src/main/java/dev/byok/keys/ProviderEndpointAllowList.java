package dev.byok.keys;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;
import java.util.Locale;

/**
 * The hosts the operator lets {@code openai-compatible} keys reach over plain HTTP or at private addresses
 * ({@code byok.providers.allowed-private-hosts}, {@code BYOK_ALLOWED_PRIVATE_HOSTS}: comma-separated host names or
 * address literals, compared exactly and ignoring case). Empty in AWS by default; the local stack allows loopback.
 */
@ConfigurationProperties("byok.providers")
public record ProviderEndpointAllowList(@Bindable(defaultValue = "") List<String> allowedPrivateHosts) {

    public boolean allows(String host) {
        String wanted = bare(host);
        return allowedPrivateHosts != null && allowedPrivateHosts.stream()
                .filter(allowed -> allowed != null && !allowed.isBlank())
                .anyMatch(allowed -> bare(allowed).equals(wanted));
    }

    private static String bare(String host) {
        String value = host.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        return value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
    }
}
