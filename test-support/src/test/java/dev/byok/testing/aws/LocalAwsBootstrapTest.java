package dev.byok.testing.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalAws
class LocalAwsBootstrapTest {

    @Test
    void systemPropertiesPointTheSdkAtMoto(LocalAws aws) {
        assertEquals(aws.endpoint().toString(), System.getProperty("aws.endpointUrl"));
        assertTrue(System.getProperty("aws.region") != null);
        assertTrue(aws.endpoint().toString().startsWith("http://127.0.0.1:"));
    }

    @Test
    void secondRunFindsAndReusesEverything(LocalAws aws) {
        LocalAwsResources first = aws.resources();
        String secretBefore = aws.secretsManager().getSecretValue(r -> r.secretId(first.fingerprintSecretArn()))
                .secretString();

        LocalAwsResources second = new LocalAwsBootstrap(aws.dynamoDb(), aws.kms(), aws.secretsManager()).bootstrap();
        LocalAwsResources third = LocalAwsBootstrap.fromDefaultChain().bootstrap();

        assertEquals(first, second);
        assertEquals(first, third);
        assertEquals(secretBefore, aws.secretsManager().getSecretValue(r -> r.secretId(first.fingerprintSecretArn()))
                .secretString());
        assertEquals(1, aws.kms().listAliases().aliases().stream()
                .filter(a -> a.aliasName().equals(LocalAwsBootstrap.DEFAULT_KMS_KEY_ALIAS)).count());
    }

    @Test
    void tableHasKeysBillingAndTtl(LocalAws aws) {
        String table = aws.resources().tableName();
        assertEquals(LocalAwsBootstrap.DEFAULT_TABLE_NAME, table);
        TableDescription description = aws.dynamoDb().describeTable(r -> r.tableName(table)).table();
        assertTrue(description.keySchema().containsAll(List.of(
                KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())));
        assertEquals(BillingMode.PAY_PER_REQUEST, description.billingModeSummary().billingMode());
        TimeToLiveDescription ttl = aws.dynamoDb().describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
        assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus());
        assertEquals("expiresAt", ttl.attributeName());
    }

    @Test
    void kmsKeyIsSymmetricWithAliasAndRotation(LocalAws aws) {
        KeyMetadata key = aws.kms().describeKey(r -> r.keyId(LocalAwsBootstrap.DEFAULT_KMS_KEY_ALIAS)).keyMetadata();
        assertEquals(aws.resources().kmsKeyArn(), key.arn());
        assertEquals(KeySpec.SYMMETRIC_DEFAULT, key.keySpec());
        assertEquals(KeyUsageType.ENCRYPT_DECRYPT, key.keyUsage());
        assertTrue(aws.kms().getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled());
        assertEquals("alias/byok-local", aws.resources().kmsKeyAlias());
    }

    @Test
    void fingerprintSecretIs32RandomBytes(LocalAws aws) {
        String value = aws.secretsManager().getSecretValue(r -> r.secretId(aws.resources().fingerprintSecretArn()))
                .secretString();
        assertEquals(32, Base64.getDecoder().decode(value).length);
        assertTrue(aws.resources().fingerprintSecretArn().contains("byok-local/fingerprint-key"));
    }

    @Test
    void applicationPropertiesNameTheResources(LocalAws aws) {
        LocalAwsResources r = aws.resources();
        assertEquals(Map.of(
                "byok.table.name", r.tableName(),
                "byok.keys.kms-key-id", r.kmsKeyArn(),
                "byok.keys.fingerprint-secret-id", r.fingerprintSecretArn()), aws.applicationProperties());
        assertEquals(List.of("byok.table.name", "byok.keys.kms-key-id", "byok.keys.fingerprint-secret-id"),
                List.copyOf(r.applicationProperties().keySet()));
    }

    @Test
    void namesAreParameters(LocalAws aws) {
        LocalAwsBootstrap bootstrap = new LocalAwsBootstrap(aws.dynamoDb(), aws.kms(), aws.secretsManager());
        LocalAwsResources other = bootstrap.bootstrap("byok-other", "alias/byok-other", "byok-other/fingerprint-key");
        assertEquals("byok-other", other.tableName());
        assertNotEquals(aws.resources().kmsKeyArn(), other.kmsKeyArn());
        assertNotEquals(aws.resources().fingerprintSecretArn(), other.fingerprintSecretArn());
        assertEquals(other, bootstrap.bootstrap("byok-other", "alias/byok-other", "byok-other/fingerprint-key"));
    }
}
