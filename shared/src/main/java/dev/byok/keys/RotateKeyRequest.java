package dev.byok.keys;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Body of {@code PUT /keys/{keyId}}: the new value ({@code apiKey}) of a key registered by value, or the secret
 * ({@code secretArn}, the same one after rotating it in Secrets Manager, or another) of a key registered by reference.
 * {@code toString} never shows the key.
 */
@Serdeable
public record RotateKeyRequest(@Nullable String apiKey, @Nullable String secretArn) {
    @Override
    public String toString() {
        return "RotateKeyRequest[apiKey=" + (apiKey == null ? "absent" : "redacted") + ", secretArn=" + secretArn + "]";
    }
}
