package dev.byok.keys;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * What the API shows of a key: metadata, the last 4 characters and the fingerprint; never the key. {@code source} is
 * {@code kms-envelope} (registered by value) or {@code secretsmanager} (by reference, with its {@code secretArn}).
 */
@Serdeable
public record KeyView(String keyId, String provider, String label, @Nullable String last4, String fingerprint,
                      String status, int version, String source, @Nullable String secretArn, @Nullable String baseUrl,
                      Instant createdAt, @Nullable Instant rotatedAt, @Nullable Instant verifiedAt) {

    public static KeyView of(ProviderKey key) {
        String secretArn = key.material() instanceof KeyMaterial.SecretReference reference ? reference.secretArn()
                : null;
        return new KeyView(key.keyId(), key.provider().wireName(), key.label(), key.last4(), key.fingerprint(),
                key.status().name(), key.version(), secretArn != null ? "secretsmanager" : "kms-envelope", secretArn,
                key.baseUrl(), key.createdAt(), key.rotatedAt(), key.verifiedAt());
    }
}
