package dev.byok.crypto;

import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the fingerprint HMAC key from Secrets Manager on first use (never during initialisation, so it is not in a
 * SnapStart snapshot) and keeps it for the life of the execution environment. The secret string is the base64 of
 * at least 32 random bytes (template.yaml and the local bootstrap generate it).
 */
@Singleton
public class SecretsManagerFingerprintKeySource implements FingerprintKeySource {
    private final SecretsManagerClient secretsManager;
    private final String secretId;
    private volatile byte[] key;

    public SecretsManagerFingerprintKeySource(SecretsManagerClient secretsManager,
                                              KeyVaultConfiguration configuration) {
        this.secretsManager = secretsManager;
        this.secretId = configuration.fingerprintSecretId();
    }

    @Override
    public byte[] hmacKey() {
        byte[] loaded = key;
        if (loaded == null) {
            synchronized (this) {
                if (key == null) {
                    key = load();
                }
                loaded = key;
            }
        }
        return loaded;
    }

    private byte[] load() {
        try {
            GetSecretValueResponse response = secretsManager.getSecretValue(request -> request.secretId(secretId));
            String value = response.secretString();
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(value.trim());
            } catch (IllegalArgumentException notBase64) {
                decoded = value.getBytes(StandardCharsets.UTF_8);
            }
            if (decoded.length < 32) {
                throw new IllegalStateException("fingerprint key must have at least 32 bytes");
            }
            return decoded;
        } catch (SdkException e) {
            throw new SecretEncryptionException(e);
        }
    }
}
