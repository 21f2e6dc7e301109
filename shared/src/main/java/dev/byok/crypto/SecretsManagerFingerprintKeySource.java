package dev.byok.crypto;

import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Reads the fingerprint HMAC key from Secrets Manager on first use (never during initialisation, so it is not in a
 * SnapStart snapshot) and keeps it for the life of the execution environment. The secret string holds at least 32
 * random bytes, either as lowercase hex (template.yaml lets Secrets Manager generate 64 hex characters) or as base64
 * (the local bootstrap). Hex is read as hex: read as base64 it would still work, but the key would not be the bytes
 * the template's comment promises.
 */
@Singleton
public class SecretsManagerFingerprintKeySource implements FingerprintKeySource {
    private static final Pattern HEX = Pattern.compile("([0-9a-f]{2}){32,}");
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
            if (value == null) {
                throw new IllegalStateException("the fingerprint secret has no string value");
            }
            byte[] decoded = decode(value.strip());
            if (decoded.length < 32) {
                throw new IllegalStateException("fingerprint key must have at least 32 bytes");
            }
            return decoded;
        } catch (SdkException e) {
            throw new SecretEncryptionException(e);
        }
    }

    static byte[] decode(String value) {
        if (HEX.matcher(value).matches()) {
            return HexFormat.of().parseHex(value);
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException notBase64) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
    }
}
