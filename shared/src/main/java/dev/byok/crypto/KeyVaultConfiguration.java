package dev.byok.crypto;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The key vault's settings: the KMS key that wraps data keys ({@code BYOK_KMS_KEY_ID}), the Secrets Manager secret
 * holding the fingerprint HMAC key ({@code BYOK_FINGERPRINT_SECRET_ID}) and the decrypted-key cache bounds
 * ({@code 0} disables the cache).
 */
@ConfigurationProperties("byok.keys")
public record KeyVaultConfiguration(
        String kmsKeyId,
        String fingerprintSecretId,
        @Bindable(defaultValue = "256") int cacheMaxEntries,
        @Bindable(defaultValue = "5m") Duration cacheTtl) {

    public KeyVaultConfiguration {
        if (kmsKeyId == null || kmsKeyId.isBlank()) {
            throw new IllegalArgumentException("byok.keys.kms-key-id (BYOK_KMS_KEY_ID) must be set");
        }
        if (fingerprintSecretId == null || fingerprintSecretId.isBlank()) {
            throw new IllegalArgumentException(
                    "byok.keys.fingerprint-secret-id (BYOK_FINGERPRINT_SECRET_ID) must be set");
        }
        if (cacheMaxEntries < 0 || cacheTtl == null || cacheTtl.isNegative()) {
            throw new IllegalArgumentException("byok.keys.cache-max-entries and cache-ttl must not be negative");
        }
    }
}
