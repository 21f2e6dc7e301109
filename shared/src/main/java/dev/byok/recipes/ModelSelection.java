package dev.byok.recipes;

import dev.byok.providers.ProviderKind;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Which model answers a step and with which of the tenant's keys: {@code {"provider","model","keyId"}}. */
@Serdeable
public record ModelSelection(@Nullable String provider, @Nullable String model, @Nullable String keyId) {
    /** The provider; only call after validation. */
    public ProviderKind kind() {
        return ProviderKind.fromWireName(provider).orElseThrow();
    }
}
