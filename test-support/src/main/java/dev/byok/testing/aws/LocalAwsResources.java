package dev.byok.testing.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The AWS resources the application needs, as created by {@link LocalAwsBootstrap}.
 *
 * @param tableName            the single DynamoDB table ({@code pk}/{@code sk}, TTL on {@code expiresAt})
 * @param kmsKeyArn            ARN of the symmetric KMS key used for envelope encryption
 * @param kmsKeyAlias          its alias, e.g. {@code alias/byok-local}
 * @param fingerprintSecretArn ARN of the Secrets Manager secret holding the base64 HMAC key for key fingerprints
 */
public record LocalAwsResources(String tableName, String kmsKeyArn, String kmsKeyAlias, String fingerprintSecretArn) {

    /** Configuration key of the table name. */
    public static final String TABLE_NAME_PROPERTY = "byok.table.name";
    /** Configuration key of the KMS key id (the key ARN is used). */
    public static final String KMS_KEY_ID_PROPERTY = "byok.keys.kms-key-id";
    /** Configuration key of the fingerprint secret id (the secret ARN is used). */
    public static final String FINGERPRINT_SECRET_ID_PROPERTY = "byok.keys.fingerprint-secret-id";

    public LocalAwsResources {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
        Objects.requireNonNull(kmsKeyAlias, "kmsKeyAlias");
        Objects.requireNonNull(fingerprintSecretArn, "fingerprintSecretArn");
    }

    /**
     * The application's configuration for these resources: {@code byok.table.name}, {@code byok.keys.kms-key-id} (the
     * key ARN) and {@code byok.keys.fingerprint-secret-id} (the secret ARN). Unmodifiable, in that order.
     */
    public Map<String, String> applicationProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(TABLE_NAME_PROPERTY, tableName);
        properties.put(KMS_KEY_ID_PROPERTY, kmsKeyArn);
        properties.put(FINGERPRINT_SECRET_ID_PROPERTY, fingerprintSecretArn);
        return java.util.Collections.unmodifiableMap(properties);
    }
}
