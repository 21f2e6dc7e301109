package dev.byok.crypto;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The key vault's settings: the KMS key that wraps data keys ({@code BYOK_KMS_KEY_ID}), the Secrets Manager secret
 * holding the fingerprint HMAC key ({@code BYOK_FINGERPRINT_SECRET_ID}), the decrypted-key cache bounds ({@code 0}
 * disables the cache), the shorter cache lifetime of keys registered by reference (their secret can be rotated
 * outside this product), the secrets a key may reference ({@code BYOK_REFERENCED_SECRET_ARN_PATTERN}: an ARN, a
 * trailing {@code *} allowed; empty means any secret IAM lets the function read) and the deadline of a key check
 * against the provider.
 */
@ConfigurationProperties("byok.keys")
public record KeyVaultConfiguration(
        String kmsKeyId,
        String fingerprintSecretId,
        @Bindable(defaultValue = "256") int cacheMaxEntries,
        @Bindable(defaultValue = "5m") Duration cacheTtl,
        @Bindable(defaultValue = "1m") Duration referencedSecretCacheTtl,
        @Nullable String referencedSecretArnPattern,
        @Bindable(defaultValue = "5s") Duration verifyTimeout) {

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
        if (referencedSecretCacheTtl == null || referencedSecretCacheTtl.isNegative()) {
            throw new IllegalArgumentException("byok.keys.referenced-secret-cache-ttl must not be negative");
        }
        if (verifyTimeout == null || verifyTimeout.isNegative() || verifyTimeout.isZero()) {
            throw new IllegalArgumentException("byok.keys.verify-timeout must be positive");
        }
    }
}
