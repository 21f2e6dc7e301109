package dev.byok.functions.keys;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.byok.testing.OutputCapture;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.TableInspector;
import dev.byok.testing.aws.WithLocalAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.byok.functions.keys.KeysApi.body;
import static dev.byok.functions.keys.KeysApi.uniqueLabel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failure injection through the real handler: a KMS key or alias that does not exist, a fingerprint secret that
 * does not exist, a table that does not exist. Every case must answer 503 problem+json, store nothing, and show the
 * canary key in no response, log line, exception or item. (moto 5.2.1 does not refuse a disabled KMS key, so a
 * missing key stands in for it; an unreachable KMS is covered by KmsEnvelopeCipherTest.)
 */
@WithLocalAws
class KeyVaultFaultsHandlerTest {
    private static KeysApi healthy;

    @BeforeAll
    static void start() {
        healthy = new KeysApi(TestApplication.properties());
    }

    @AfterAll
    static void stop() {
        healthy.close();
    }

    private static KeysApi brokenBy(String property, String value) {
        Map<String, Object> properties = new HashMap<>(TestApplication.properties());
        properties.put(property, value);
        return new KeysApi(properties);
    }

    private static void assertRegistrationFailsClosed(LocalAws aws, KeysApi broken) {
        String canary = "sk-ant-CANARY-" + UUID.randomUUID();
        String label = uniqueLabel();
        int itemsBefore = TableInspector.of(aws).items().size();
        APIGatewayV2HTTPResponse response;
        String logs;
        try (OutputCapture output = OutputCapture.start()) {
            response = broken.register(Map.of("provider", "anthropic", "label", label, "apiKey", canary));
            logs = output.text();
        }
        assertEquals(503, response.getStatusCode(), response.getBody());
        assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        assertEquals("dependency_unavailable", body(response).get("code").asText());
        assertFalse(response.getBody().contains(canary));
        assertFalse(logs.contains(canary), "no log line holds the key");
        assertFalse(logs.contains(canary.substring(14)), "not even a part of it");
        assertEquals(itemsBefore, TableInspector.of(aws).items().size(), "nothing half-written");
        assertTrue(TableInspector.of(aws).itemsContaining(label).isEmpty());
        assertTrue(TableInspector.of(aws).itemsContaining(canary).isEmpty());
        assertTrue(logs.contains("\"level\":\"WARN\"") || logs.contains("\"level\":\"ERROR\""),
                "the failure itself is logged (without the key)");
    }

    @Test
    void a_kms_key_that_does_not_exist_is_a_503_that_stores_nothing(LocalAws aws) {
        try (KeysApi broken = brokenBy("byok.keys.kms-key-id",
                "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000")) {
            assertRegistrationFailsClosed(aws, broken);
        }
        try (KeysApi broken = brokenBy("byok.keys.kms-key-id", "alias/byok-gone")) {
            assertRegistrationFailsClosed(aws, broken);
        }
    }

    @Test
    void a_fingerprint_secret_that_cannot_be_read_is_a_503_that_stores_nothing(LocalAws aws) {
        try (KeysApi broken = brokenBy("byok.keys.fingerprint-secret-id", "byok-local/no-such-secret")) {
            assertRegistrationFailsClosed(aws, broken);
        }
    }

    @Test
    void a_table_that_cannot_be_written_is_a_503_and_the_key_is_nowhere(LocalAws aws) {
        try (KeysApi broken = brokenBy("byok.table.name", "byok-missing-table")) {
            assertRegistrationFailsClosed(aws, broken);
        }
    }

    @Test
    void a_rotation_that_cannot_encrypt_leaves_the_stored_key_exactly_as_it_was(LocalAws aws) {
        String keyId = healthy.registerAnthropic("sk-ant-api03-" + UUID.randomUUID());
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("TENANT#acme"), "sk",
                AttributeValue.fromS("KEY#" + keyId));
        Map<String, AttributeValue> before = aws.dynamoDb().getItem(request -> request
                .tableName(aws.resources().tableName()).key(key)).item();
        String canary = "sk-ant-CANARY-" + UUID.randomUUID();
        try (KeysApi broken = brokenBy("byok.keys.kms-key-id", "alias/byok-gone")) {
            APIGatewayV2HTTPResponse response = broken.rotate(keyId, Map.of("apiKey", canary));
            assertEquals(503, response.getStatusCode(), response.getBody());
            assertFalse(response.getBody().contains(canary));
        }
        assertEquals(before, aws.dynamoDb().getItem(request -> request.tableName(aws.resources().tableName())
                .key(key)).item());
        assertEquals(List.of(), TableInspector.of(aws).itemsContaining(canary));
        assertEquals(1, body(healthy.get(keyId)).get("version").asInt());
    }
}
