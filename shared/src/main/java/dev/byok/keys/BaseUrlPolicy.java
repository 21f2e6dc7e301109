package dev.byok.keys;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which endpoints a tenant may point an {@code openai-compatible} key at. HTTPS to public hosts is allowed; plain
 * HTTP, loopback, link-local (the instance metadata service) and private addresses only when the operator lists the
 * host in {@code byok.providers.allowed-private-hosts}, so a tenant cannot make the function call into the VPC.
 */
@ConfigurationProperties("byok.providers")
public record BaseUrlPolicy(@Bindable(defaultValue = "") List<String> allowedPrivateHosts) {

    /** Empty when allowed, else the reason (safe to show: it only restates the caller's own URL's shape). */
    public Optional<String> check(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (Exception e) {
            return Optional.of("baseUrl must be an absolute http(s) URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("baseUrl must be an absolute http(s) URL");
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            return Optional.of("baseUrl must not contain credentials, a query or a fragment");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        boolean allowListed = allowedPrivateHosts != null && allowedPrivateHosts.stream()
                .anyMatch(allowed -> allowed.equalsIgnoreCase(host));
        if (allowListed) {
            return Optional.empty();
        }
        if (scheme.equals("http")) {
            return Optional.of("baseUrl must use https");
        }
        if (isPrivateLiteral(host)) {
            return Optional.of("baseUrl must not point at a private, loopback or link-local address");
        }
        return Optional.empty();
    }

    private static boolean isPrivateLiteral(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".internal")) {
            return true;
        }
        boolean literal = host.matches("[0-9.]+") || host.startsWith("[") || host.contains(":");
        if (!literal) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(host.replace("[", "").replace("]", ""));
            return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                    || address.isAnyLocalAddress() || address.isMulticastAddress()
                    || (address.getAddress().length == 16 && (address.getAddress()[0] & 0xfe) == 0xfc);
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
