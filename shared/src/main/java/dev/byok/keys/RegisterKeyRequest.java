package dev.byok.keys;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Body of {@code POST /keys}: a key by value ({@code apiKey}) or by reference ({@code secretArn}); {@code baseUrl}
 * for {@code openai-compatible}. {@code toString} never shows the key.
 */
@Serdeable
public record RegisterKeyRequest(@Nullable String provider, @Nullable String label, @Nullable String apiKey,
                                 @Nullable String secretArn, @Nullable String baseUrl) {
    @Override
    public String toString() {
        return "RegisterKeyRequest[provider=" + provider + ", label=" + label + "]";
    }
}
