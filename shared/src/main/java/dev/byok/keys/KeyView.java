package dev.byok.keys;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** What the API shows of a key: metadata, the last 4 characters and the fingerprint; never the key. */
@Serdeable
public record KeyView(String keyId, String provider, String label, String last4, String fingerprint, String status,
                      int version, String source, @Nullable String baseUrl, Instant createdAt,
                      @Nullable Instant rotatedAt, @Nullable Instant verifiedAt) {

    public static KeyView of(ProviderKey key) {
        String source = key.material() instanceof KeyMaterial.SecretReference ? "secretsmanager" : "kms-envelope";
        return new KeyView(key.keyId(), key.provider().wireName(), key.label(), key.last4(), key.fingerprint(),
                key.status().name(), key.version(), source, key.baseUrl(), key.createdAt(), key.rotatedAt(),
                key.verifiedAt());
    }
}
