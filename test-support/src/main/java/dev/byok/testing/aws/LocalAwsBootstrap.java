package dev.byok.testing.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Creates, idempotently, the AWS resources the application expects: a second run finds and reuses everything (same
 * ARNs, same secret value). Works against moto, LocalStack or a real account, whatever endpoint the clients use.
 *
 * <ul>
 *   <li>DynamoDB table (default {@value #DEFAULT_TABLE_NAME}): on-demand, {@code pk} (S) hash key, {@code sk} (S) range
 *       key, TTL on {@value #TTL_ATTRIBUTE};</li>
 *   <li>KMS symmetric key ({@code SYMMETRIC_DEFAULT}, {@code ENCRYPT_DECRYPT}) with alias (default
 *       {@value #DEFAULT_KMS_KEY_ALIAS}) and rotation enabled;</li>
 *   <li>Secrets Manager secret (default {@value #DEFAULT_FINGERPRINT_SECRET_NAME}) whose SecretString is 32 random bytes,
 *       base64-encoded: the HMAC key for API-key fingerprints.</li>
 * </ul>
 *
 * <p>{@link #main(String[])} runs it from the command line with the default SDK chains (e.g. with
 * {@code AWS_ENDPOINT_URL=http://localhost:4566}) and prints the application properties.
 */
public final class LocalAwsBootstrap {

    public static final String DEFAULT_TABLE_NAME = "byok-local";
    public static final String DEFAULT_KMS_KEY_ALIAS = "alias/byok-local";
    public static final String DEFAULT_FINGERPRINT_SECRET_NAME = "byok-local/fingerprint-key";
    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamoDb;
    private final KmsClient kms;
    private final SecretsManagerClient secretsManager;

    /** Uses the given clients (not closed by this class). */
    public LocalAwsBootstrap(DynamoDbClient dynamoDb, KmsClient kms, SecretsManagerClient secretsManager) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.kms = Objects.requireNonNull(kms, "kms");
        this.secretsManager = Objects.requireNonNull(secretsManager, "secretsManager");
    }

    /** Builds its clients from the SDK's default chains (see {@link AwsClients}). */
    public static LocalAwsBootstrap fromDefaultChain() {
        return new LocalAwsBootstrap(AwsClients.dynamoDb(), AwsClients.kms(), AwsClients.secretsManager());
    }

    /** Creates or finds the resources under their default names. */
    public LocalAwsResources bootstrap() {
        return bootstrap(DEFAULT_TABLE_NAME, DEFAULT_KMS_KEY_ALIAS, DEFAULT_FINGERPRINT_SECRET_NAME);
    }

    /**
     * Creates or finds the resources under the given names.
     *
     * @param kmsKeyAlias a full alias name, starting with {@code alias/}
     */
    public LocalAwsResources bootstrap(String tableName, String kmsKeyAlias, String fingerprintSecretName) {
        String table = ensureTable(tableName);
        String keyArn = ensureKmsKey(kmsKeyAlias);
        String secretArn = ensureFingerprintSecret(fingerprintSecretName);
        return new LocalAwsResources(table, keyArn, kmsKeyAlias, secretArn);
    }

    /** Creates the table unless it exists (then checks its key schema), and makes sure TTL is on; returns its name. */
    public String ensureTable(String tableName) {
        TableDescription table = describeTable(tableName);
        if (table == null) {
            try {
                dynamoDb.createTable(r -> r.tableName(tableName)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                                AttributeDefinition.builder().attributeName(PARTITION_KEY)
                                        .attributeType(ScalarAttributeType.S).build(),
                                AttributeDefinition.builder().attributeName(SORT_KEY)
                                        .attributeType(ScalarAttributeType.S).build())
                        .keySchema(
                                KeySchemaElement.builder().attributeName(PARTITION_KEY).keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName(SORT_KEY).keyType(KeyType.RANGE).build()));
            } catch (ResourceInUseException concurrentlyCreated) {
                // someone else created it in the meantime: fall through and use it
            }
            if (!TableStatus.ACTIVE.equals(describeTable(tableName).tableStatus())) {
                dynamoDb.waiter().waitUntilTableExists(r -> r.tableName(tableName));
            }
        } else {
            List<KeySchemaElement> expected = List.of(
                    KeySchemaElement.builder().attributeName(PARTITION_KEY).keyType(KeyType.HASH).build(),
                    KeySchemaElement.builder().attributeName(SORT_KEY).keyType(KeyType.RANGE).build());
            if (!table.keySchema().containsAll(expected) || table.keySchema().size() != 2) {
                throw new IllegalStateException("Table " + tableName + " exists with key schema " + table.keySchema()
                        + "; expected pk (HASH) and sk (RANGE)");
            }
        }
        ensureTtl(tableName);
        return tableName;
    }

    private TableDescription describeTable(String tableName) {
        try {
            return dynamoDb.describeTable(r -> r.tableName(tableName)).table();
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            return null;
        }
    }

    private void ensureTtl(String tableName) {
        TimeToLiveDescription ttl = dynamoDb.describeTimeToLive(r -> r.tableName(tableName)).timeToLiveDescription();
        boolean on = ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
        if (on && TTL_ATTRIBUTE.equals(ttl.attributeName())) {
            return;
        }
        if (on) {
            throw new IllegalStateException("Table " + tableName + " has TTL on '" + ttl.attributeName()
                    + "'; expected '" + TTL_ATTRIBUTE + "'");
        }
        dynamoDb.updateTimeToLive(r -> r.tableName(tableName)
                .timeToLiveSpecification(s -> s.enabled(true).attributeName(TTL_ATTRIBUTE)));
    }

    /** Finds the key behind the alias or creates key and alias; makes sure rotation is on; returns the key ARN. */
    public String ensureKmsKey(String alias) {
        if (!alias.startsWith("alias/")) {
            throw new IllegalArgumentException("A KMS alias name starts with 'alias/': " + alias);
        }
        KeyMetadata key = describeKey(alias);
        if (key == null) {
            KeyMetadata created = kms.createKey(r -> r.keySpec(KeySpec.SYMMETRIC_DEFAULT)
                    .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                    .description("BYOK envelope-encryption key (" + alias + ")")).keyMetadata();
            try {
                kms.createAlias(r -> r.aliasName(alias).targetKeyId(created.keyId()));
                key = created;
            } catch (AlreadyExistsException concurrentlyCreated) {
                kms.scheduleKeyDeletion(r -> r.keyId(created.keyId()).pendingWindowInDays(7));
                key = describeKey(alias);
            }
        }
        if (key == null || key.keyState() != KeyState.ENABLED) {
            throw new IllegalStateException("KMS key behind " + alias + " is not usable: "
                    + (key == null ? "missing" : key.keyState()));
        }
        String keyId = key.keyId();
        if (!Boolean.TRUE.equals(kms.getKeyRotationStatus(r -> r.keyId(keyId)).keyRotationEnabled())) {
            kms.enableKeyRotation(r -> r.keyId(keyId));
        }
        return key.arn();
    }

    private KeyMetadata describeKey(String alias) {
        try {
            return kms.describeKey(r -> r.keyId(alias)).keyMetadata();
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** Finds or creates the secret holding a random 32-byte base64 HMAC key; returns the secret ARN. */
    public String ensureFingerprintSecret(String name) {
        DescribeSecretResponse existing = describeSecret(name);
        if (existing != null) {
            if (existing.deletedDate() != null) {
                secretsManager.restoreSecret(r -> r.secretId(name));
            }
            return existing.arn();
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String value = Base64.getEncoder().encodeToString(key);
        try {
            return secretsManager.createSecret(r -> r.name(name).secretString(value)
                    .description("HMAC key for BYOK API-key fingerprints (32 random bytes, base64)")).arn();
        } catch (ResourceExistsException concurrentlyCreated) {
            return Objects.requireNonNull(describeSecret(name), name).arn();
        }
    }

    private DescribeSecretResponse describeSecret(String name) {
        try {
            return secretsManager.describeSecret(r -> r.secretId(name));
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
            return null;
        }
    }

    /** Bootstraps with the default names against whatever the SDK default chain points at and prints the properties. */
    public static void main(String[] args) {
        LocalAwsResources resources = fromDefaultChain().bootstrap();
        for (Map.Entry<String, String> e : resources.applicationProperties().entrySet()) {
            System.out.println(e.getKey() + "=" + e.getValue());
        }
    }
}
