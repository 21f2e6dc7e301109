package dev.byok.functions.keys;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.byok.testing.OutputCapture;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.TableInspector;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.testing.lambda.LambdaEvents;
import dev.byok.testing.providers.AnthropicFake;
import dev.byok.testing.providers.GeminiFake;
import dev.byok.testing.providers.OpenAiFake;
import dev.byok.testing.providers.ProviderFake;
import dev.byok.testing.providers.RecordedRequest;
import dev.byok.testing.providers.WithProviderFakes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.byok.functions.keys.KeysApi.GLOBEX;
import static dev.byok.functions.keys.KeysApi.as;
import static dev.byok.functions.keys.KeysApi.body;
import static dev.byok.functions.keys.KeysApi.uniqueLabel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key lifecycle through the real key-registration Lambda handler, fed events/*.json, against moto and the
 * provider fakes: rotation, verification, registration by reference, the audit trail, tenant isolation, tampering
 * with stored items, and a canary key that must never show up anywhere.
 */
@WithLocalAws
@WithProviderFakes
class KeyLifecycleHandlerTest {
    private static final String ALLOWED_SECRETS = "arn:aws:secretsmanager:us-east-1:123456789012:secret:byok/*";
    private static KeysApi api;

    @BeforeAll
    static void start() {
        Map<String, Object> properties = new HashMap<>(TestApplication.properties());
        properties.put("byok.keys.referenced-secret-arn-pattern", ALLOWED_SECRETS);
        api = new KeysApi(properties);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String anthropicKey() {
        return "sk-ant-api03-" + UUID.randomUUID();
    }

    private static String secret(LocalAws aws, String value) {
        return aws.secretsManager().createSecret(request -> request.name("byok/acme/team-" + UUID.randomUUID())
                .secretString(value)).arn();
    }

    private static Map<String, AttributeValue> item(LocalAws aws, String tenant, String keyId) {
        return aws.dynamoDb().getItem(request -> request.tableName(aws.resources().tableName())
                .key(Map.of("pk", AttributeValue.fromS("TENANT#" + tenant), "sk", AttributeValue.fromS("KEY#"
                        + keyId)))).item();
    }

    private static void putItem(LocalAws aws, Map<String, AttributeValue> item) {
        aws.dynamoDb().putItem(request -> request.tableName(aws.resources().tableName()).item(item));
    }

    /** The audit entries of one key, newest first, as "action outcome vN". */
    private static List<String> auditOf(String keyId) {
        List<String> entries = new ArrayList<>();
        for (JsonNode entry : body(api.audit(200)).get("items")) {
            if (keyId.equals(entry.get("keyId").asText())) {
                entries.add(entry.get("action").asText() + " " + entry.get("outcome").asText() + " v"
                        + entry.get("keyVersion").asInt());
            }
        }
        return entries;
    }

    @Test
    void rotation_re_encrypts_bumps_the_version_and_the_provider_only_ever_sees_the_new_value(LocalAws aws,
                                                                                            AnthropicFake anthropic) {
        String oldKey = anthropicKey();
        String keyId = api.registerAnthropic(oldKey);
        Map<String, AttributeValue> before = item(aws, "acme", keyId);
        assertEquals(200, api.verify(keyId).getStatusCode(), "warms this environment's cache with the old value");

        String newKey = anthropicKey() + "-NEW9";
        APIGatewayV2HTTPResponse rotated = api.rotate(keyId, Map.of("apiKey", newKey));

        assertEquals(200, rotated.getStatusCode(), rotated.getBody());
        JsonNode view = body(rotated);
        assertEquals(2, view.get("version").asInt());
        assertEquals("NEW9", view.get("last4").asText());
        assertEquals("UNVERIFIED", view.get("status").asText());
        assertTrue(view.get("verifiedAt").isNull());
        assertFalse(view.get("rotatedAt").isNull());
        Map<String, AttributeValue> after = item(aws, "acme", keyId);
        for (String field : List.of("wrappedKey", "iv", "ciphertext")) {
            assertNotEquals(before.get(field), after.get(field), field + " is new");
        }
        assertNotEquals(before.get("fingerprint"), after.get("fingerprint"));

        anthropic.reset();
        assertEquals("VALID", body(api.verify(keyId)).get("status").asText());
        List<RecordedRequest> calls = anthropic.requests("GET", AnthropicFake.MODELS_PATH);
        assertEquals(List.of(newKey), calls.stream().map(call -> call.header("x-api-key")).toList());
        assertEquals(List.of("key.verified VALID v2", "key.rotated succeeded v2", "key.verified VALID v1",
                "key.created succeeded v1"), auditOf(keyId));
    }

    @Test
    void verification_records_valid_invalid_or_unverified_with_the_time(AnthropicFake anthropic, GeminiFake gemini) {
        String valid = api.registerAnthropic(anthropicKey());
        JsonNode checked = body(api.verify(valid));
        assertEquals("VALID", checked.get("status").asText());
        assertFalse(checked.get("verifiedAt").isNull());
        assertEquals("VALID", body(api.get(valid)).get("status").asText(), "recorded, not only answered");

        String rejected = api.registerAnthropic("sk-ant-invalid-" + UUID.randomUUID());
        assertEquals("INVALID", body(api.verify(rejected)).get("status").asText());

        APIGatewayV2HTTPResponse geminiKey = api.register(Map.of("provider", "gemini", "label", uniqueLabel(),
                "apiKey", "AIza-invalid-" + UUID.randomUUID()));
        assertEquals("INVALID", body(api.verify(body(geminiKey).get("keyId").asText())).get("status").asText(),
                "Gemini answers 400 API_KEY_INVALID, not 401");

        anthropic.server().stubFor(get(urlPathEqualTo(AnthropicFake.MODELS_PATH)).atPriority(ProviderFake
                .OVERRIDE_PRIORITY).willReturn(aResponse().withStatus(529).withBody(anthropic.fixture(
                "error-overloaded"))));
        JsonNode unverified = body(api.verify(valid));
        assertEquals("UNVERIFIED", unverified.get("status").asText(), "an overloaded provider proves nothing");
        assertFalse(unverified.get("verifiedAt").isNull());
        assertEquals(1, gemini.requests().size());
    }

    @Test
    void registration_with_verify_true_checks_the_key_before_answering(AnthropicFake anthropic) {
        APIGatewayV2HTTPResponse response = api.call(KeysApi.withQuery(KeysApi.registerEvent(Map.of(
                "provider", "anthropic", "label", uniqueLabel(), "apiKey", anthropicKey())), Map.of("verify", "true")));
        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals("VALID", body(response).get("status").asText());
        assertFalse(body(response).get("verifiedAt").isNull());
        assertEquals(1, anthropic.requests("GET", AnthropicFake.MODELS_PATH).size());
        assertEquals(List.of("key.verified VALID v1", "key.created succeeded v1"),
                auditOf(body(response).get("keyId").asText()));

        APIGatewayV2HTTPResponse bad = api.call(KeysApi.withQuery(KeysApi.registerEvent(Map.of("provider",
                "anthropic", "label", uniqueLabel(), "apiKey", anthropicKey())), Map.of("verify", "yes")));
        assertEquals(400, bad.getStatusCode());
    }

    @Test
    void an_openai_compatible_key_is_verified_at_its_own_base_url(OpenAiFake openAi) {
        APIGatewayV2HTTPResponse response = api.register(Map.of("provider", "openai-compatible", "label",
                uniqueLabel(), "apiKey", "sk-vllm-" + UUID.randomUUID(), "baseUrl", openAi.apiBaseUrl()));
        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals("VALID", body(api.verify(body(response).get("keyId").asText())).get("status").asText());
        assertEquals(1, openAi.requests("GET", openAi.modelsPath()).size());
    }

    @Test
    void a_key_registered_by_reference_stores_only_the_arn_and_matches_the_same_key_by_value(LocalAws aws,
                                                                                           AnthropicFake anthropic) {
        String value = anthropicKey() + "-REF1";
        String arn = secret(aws, value);
        APIGatewayV2HTTPResponse response = api.call(LambdaEvents.load("keys-register-by-reference.json",
                Map.of("provider", "anthropic", "label", uniqueLabel(), "secretArn", arn)));

        assertEquals(201, response.getStatusCode(), response.getBody());
        JsonNode view = body(response);
        assertEquals("secretsmanager", view.get("source").asText());
        assertEquals(arn, view.get("secretArn").asText());
        assertEquals("REF1", view.get("last4").asText());
        assertEquals("VALID", view.get("status").asText(), "the event asks for ?verify=true");
        assertEquals(value, anthropic.requests("GET", AnthropicFake.MODELS_PATH).get(0).header("x-api-key"));
        String byValue = api.registerAnthropic(value);
        assertEquals(view.get("fingerprint"), body(api.get(byValue)).get("fingerprint"), "duplicates are visible");
        Map<String, AttributeValue> stored = item(aws, "acme", view.get("keyId").asText());
        assertEquals(arn, stored.get("secretArn").s());
        assertFalse(stored.containsKey("ciphertext"));
        assertTrue(TableInspector.of(aws).itemsContaining(value).isEmpty());
        assertFalse(response.getBody().contains(value));
    }

    @Test
    void a_reference_outside_the_allowed_secrets_or_to_a_missing_secret_is_a_400_that_writes_nothing(LocalAws aws) {
        int before = TableInspector.of(aws).items().size();
        String outside = aws.secretsManager().createSecret(request -> request.name("other/" + UUID.randomUUID())
                .secretString(anthropicKey())).arn();
        for (String arn : List.of(outside, "arn:aws:secretsmanager:us-east-1:123456789012:secret:byok/acme/gone-AbCdEf",
                "arn:aws:s3:::not-a-secret")) {
            APIGatewayV2HTTPResponse response = api.register(Map.of("provider", "anthropic", "label", uniqueLabel(),
                    "secretArn", arn));
            assertEquals(400, response.getStatusCode(), arn + ": " + response.getBody());
            assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        }
        assertEquals(before, TableInspector.of(aws).items().size());
    }

    @Test
    void a_tenant_cannot_reference_another_tenants_secret_or_tell_whether_it_exists(LocalAws aws,
                                                                                   AnthropicFake anthropic) {
        // Every tenant reads secrets through the same role: only the tenant namespace keeps globex's secret (or
        // the deployment's own fingerprint key) from being registered by acme and sent to an endpoint acme picks.
        int before = TableInspector.of(aws).items().size();
        String globexValue = anthropicKey() + "-GLBX";
        String globexSecret = aws.secretsManager().createSecret(request -> request
                .name("byok/globex/team-" + UUID.randomUUID()).secretString(globexValue)).arn();
        String missingInGlobex = "arn:aws:secretsmanager:us-east-1:123456789012:secret:byok/globex/nothing-AbCdEf";
        String partialName = globexSecret.substring(0, globexSecret.length() - 7); // without the -XXXXXX suffix
        String nested = "arn:aws:secretsmanager:us-east-1:123456789012:secret:byok/acme";
        String existing = null;
        String missing = null;
        for (String arn : List.of(globexSecret, partialName, missingInGlobex, nested,
                aws.resources().fingerprintSecretArn())) {
            APIGatewayV2HTTPResponse response = api.register(Map.of("provider", "anthropic", "label", uniqueLabel(),
                    "secretArn", arn));
            assertEquals(400, response.getStatusCode(), arn + ": " + response.getBody());
            assertFalse(response.getBody().contains(globexValue));
            String errors = body(response).get("errors").toString();
            if (arn.equals(globexSecret)) {
                existing = errors;
            } else if (arn.equals(missingInGlobex)) {
                missing = errors;
            }
        }
        assertEquals(missing, existing, "an existing and a missing foreign secret are refused alike");
        assertEquals(0, anthropic.requests().size(), "nothing was sent anywhere");
        assertEquals(before, TableInspector.of(aws).items().size(), "nothing was stored");
    }

    @Test
    void a_key_by_reference_is_rotated_by_re_reading_its_secret(LocalAws aws) {
        String arn = secret(aws, anthropicKey() + "-OLD1");
        String keyId = body(api.register(Map.of("provider", "anthropic", "label", uniqueLabel(), "secretArn", arn)))
                .get("keyId").asText();
        aws.secretsManager().putSecretValue(request -> request.secretId(arn).secretString(anthropicKey() + "-NEW1"));

        JsonNode rotated = body(api.rotate(keyId, Map.of("secretArn", arn)));

        assertEquals(2, rotated.get("version").asInt());
        assertEquals("NEW1", rotated.get("last4").asText());
        assertEquals(400, api.rotate(keyId, Map.of("apiKey", anthropicKey())).getStatusCode(),
                "a key keeps its kind");
    }

    @Test
    void the_audit_trail_pages_newest_first_and_its_cursor_never_leaves_the_callers_partition() {
        Map<String, String> fresh = Map.of("sub", "carol", "custom:tenant", "audit-" + UUID.randomUUID());
        APIGatewayV2HTTPResponse created = api.call(as(fresh, KeysApi.registerEvent(Map.of("provider", "anthropic",
                "label", uniqueLabel(), "apiKey", anthropicKey()))));
        String keyId = body(created).get("keyId").asText();
        api.call(as(fresh, LambdaEvents.load("keys-rotate.json", Map.of("keyId", keyId, "apiKey",
                anthropicKey()))));
        api.call(as(fresh, LambdaEvents.load("keys-verify.json", Map.of("keyId", keyId))));
        api.call(as(fresh, LambdaEvents.load("keys-delete.json", Map.of("keyId", keyId))));

        JsonNode first = body(api.call(as(fresh, LambdaEvents.load("audit-list.json", Map.of("limit", "3")))));
        List<String> actions = new ArrayList<>();
        first.get("items").forEach(entry -> actions.add(entry.get("action").asText()));
        String cursor = first.get("nextCursor").asText();
        JsonNode second = body(api.call(as(fresh, KeysApi.withQuery(LambdaEvents.load("audit-list.json",
                Map.of("limit", "3")), Map.of("limit", "3", "cursor", cursor)))));
        second.get("items").forEach(entry -> actions.add(entry.get("action").asText()));

        assertEquals(List.of("key.deleted", "key.verified", "key.rotated", "key.created"), actions);
        assertTrue(second.get("nextCursor").isNull());
        JsonNode entry = first.get("items").get(0);
        assertEquals("carol", entry.get("subject").asText());
        assertEquals(keyId, entry.get("keyId").asText());
        assertEquals("anthropic", entry.get("provider").asText());
        assertEquals(2, entry.get("keyVersion").asInt());

        JsonNode asAcme = body(api.call(KeysApi.withQuery(LambdaEvents.load("audit-list.json", Map.of("limit",
                "3")), Map.of("limit", "200", "cursor", cursor))));
        assertFalse(asAcme.toString().contains(keyId), "the cursor continued in acme's own partition only");
        APIGatewayV2HTTPResponse forged = api.call(KeysApi.withQuery(LambdaEvents.load("audit-list.json",
                Map.of("limit", "3")), Map.of("cursor", "VEVOQU5UI2dsb2JleA")));
        assertEquals(400, forged.getStatusCode());
        assertEquals("invalid_request", body(forged).get("code").asText());
    }

    @Test
    void bad_input_is_a_problem_json_400_or_409_and_writes_nothing(LocalAws aws) {
        String taken = uniqueLabel();
        api.registerAnthropicLabelled(taken, anthropicKey());
        int before = TableInspector.of(aws).items().size();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(KeysApi.json(Map.of("provider", "mistral-direct", "label", uniqueLabel(), "apiKey",
                anthropicKey())), "provider must be one of");
        cases.put(KeysApi.json(Map.of("provider", "anthropic", "label", uniqueLabel(), "apiKey", "")),
                "apiKey is required");
        cases.put(KeysApi.json(Map.of("provider", "anthropic", "label", uniqueLabel(), "apiKey",
                "sk-ant-" + "x".repeat(4090))), "apiKey must be at most 4096 characters");
        cases.put(KeysApi.json(Map.of("provider", "openai-compatible", "label", uniqueLabel(), "apiKey",
                anthropicKey())), "baseUrl is required for openai-compatible");
        cases.put(KeysApi.json(Map.of("provider", "openai-compatible", "label", uniqueLabel(), "apiKey",
                anthropicKey(), "baseUrl", "https//models")), "baseUrl must be an absolute http(s) URL");
        cases.put(KeysApi.json(Map.of("provider", "openai-compatible", "label", uniqueLabel(), "apiKey",
                anthropicKey(), "baseUrl", "https://169.254.169.254/latest")), "must not point at a private");
        cases.put(KeysApi.json(Map.of("provider", "openai-compatible", "label", uniqueLabel(), "apiKey",
                anthropicKey(), "baseUrl", "http://models.example.com/v1")), "baseUrl must use https");
        cases.put(KeysApi.json(Map.of("provider", "anthropic", "label", "l".repeat(101), "apiKey", anthropicKey())),
                "label must be at most 100 characters");
        cases.forEach((json, rule) -> {
            APIGatewayV2HTTPResponse response = api.call(LambdaEvents.withBody(KeysApi.registerEvent(Map.of()),
                    json));
            assertEquals(400, response.getStatusCode(), json);
            assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
            assertEquals("invalid_request", body(response).get("code").asText());
            assertTrue(body(response).get("errors").toString().contains(rule), rule + " in " + response.getBody());
        });

        APIGatewayV2HTTPResponse duplicate = api.register(Map.of("provider", "openai", "label",
                " " + taken.toUpperCase() + " ", "apiKey", "sk-" + UUID.randomUUID()));
        assertEquals(409, duplicate.getStatusCode(), duplicate.getBody());
        assertEquals("application/problem+json", duplicate.getHeaders().get("Content-Type"));
        assertEquals("conflict", body(duplicate).get("code").asText());
        assertEquals(before, TableInspector.of(aws).items().size(), "nothing was written");
    }

    @Test
    void another_tenant_gets_404_for_every_operation_on_a_key_exactly_as_for_a_missing_key(LocalAws aws,
                                                                                         AnthropicFake anthropic) {
        String keyId = api.registerAnthropic(anthropicKey());
        String missing = "key_" + "0".repeat(20);
        Map<String, AttributeValue> before = item(aws, "acme", keyId);
        for (String id : List.of(keyId, missing)) {
            List<APIGatewayV2HTTPResponse> answers = List.of(
                    api.call(as(GLOBEX, LambdaEvents.load("keys-get.json", Map.of("keyId", id)))),
                    api.call(as(GLOBEX, LambdaEvents.load("keys-rotate.json", Map.of("keyId", id, "apiKey",
                            anthropicKey())))),
                    api.call(as(GLOBEX, LambdaEvents.load("keys-verify.json", Map.of("keyId", id)))),
                    api.call(as(GLOBEX, LambdaEvents.load("keys-delete.json", Map.of("keyId", id)))));
            for (APIGatewayV2HTTPResponse answer : answers) {
                assertEquals(404, answer.getStatusCode(), answer.getBody());
                assertEquals("{\"type\":\"urn:byok:problem:key_not_found\",\"title\":\"Key not found\","
                        + "\"status\":404,\"detail\":\"No key " + id + " exists for this tenant.\",\"code\":"
                        + "\"key_not_found\",\"requestId\":\"Vr5kcjQ2DoEEJfg=\",\"keyId\":\"" + id + "\"}",
                        answer.getBody(), "the same answer as for a key that does not exist");
            }
        }
        assertFalse(body(api.call(as(GLOBEX, LambdaEvents.load("keys-list.json")))).toString().contains(keyId));
        assertFalse(body(api.call(as(GLOBEX, LambdaEvents.load("audit-list.json", Map.of("limit", "200")))))
                .toString().contains(keyId));
        assertEquals(before, item(aws, "acme", keyId), "the owner's key is untouched");
        assertTrue(anthropic.requests().isEmpty(), "nobody called the provider with it");
    }

    @Test
    void tampering_with_any_stored_field_makes_use_of_the_key_fail_closed(LocalAws aws, AnthropicFake anthropic) {
        Map<String, java.util.function.UnaryOperator<Map<String, AttributeValue>>> tampering = new LinkedHashMap<>();
        tampering.put("ciphertext", item -> with(item, "ciphertext", flip(item.get("ciphertext"))));
        tampering.put("iv", item -> with(item, "iv", flip(item.get("iv"))));
        tampering.put("wrappedKey", item -> with(item, "wrappedKey", flip(item.get("wrappedKey"))));
        tampering.put("provider (context)", item -> with(item, "provider", AttributeValue.fromS("openai")));
        tampering.put("formatVersion", item -> with(item, "formatVersion", AttributeValue.fromN("9")));
        tampering.forEach((field, tamper) -> {
            String keyId = api.registerAnthropic(anthropicKey());
            putItem(aws, tamper.apply(item(aws, "acme", keyId)));

            APIGatewayV2HTTPResponse response = api.verify(keyId);

            assertEquals(503, response.getStatusCode(), field + ": " + response.getBody());
            assertEquals("dependency_unavailable", body(response).get("code").asText());
            assertEquals("UNVERIFIED", item(aws, "acme", keyId).get("status").s(), field);
            assertEquals(List.of("key.created succeeded v1"), auditOf(keyId), field);
        });
        assertTrue(anthropic.requests().isEmpty(), "no provider was called with anything");
    }

    @Test
    void an_item_copied_into_another_tenants_partition_does_not_decrypt_there(LocalAws aws, AnthropicFake anthropic) {
        String keyId = api.registerAnthropic(anthropicKey());
        putItem(aws, with(item(aws, "acme", keyId), "pk", AttributeValue.fromS("TENANT#globex")));

        APIGatewayV2HTTPResponse response = api.call(as(GLOBEX, LambdaEvents.load("keys-verify.json",
                Map.of("keyId", keyId))));

        assertEquals(503, response.getStatusCode(), response.getBody());
        assertTrue(anthropic.requests().isEmpty());
        assertEquals(200, api.verify(keyId).getStatusCode(), "it still works where it belongs");
    }

    @Test
    void a_canary_key_never_appears_in_an_item_a_log_line_or_a_response_across_the_lifecycle(LocalAws aws,
                                                                                           AnthropicFake anthropic) {
        String canary = "sk-ant-CANARY-" + UUID.randomUUID();
        String rotatedCanary = "sk-ant-CANARY-" + UUID.randomUUID();
        api.bodies.setLength(0);
        String logs;
        try (OutputCapture output = OutputCapture.start()) {
            APIGatewayV2HTTPResponse created = api.call(KeysApi.withQuery(KeysApi.registerEvent(Map.of("provider",
                    "anthropic", "label", uniqueLabel(), "apiKey", canary)), Map.of("verify", "true")));
            String keyId = body(created).get("keyId").asText();
            api.get(keyId);
            api.call(LambdaEvents.load("keys-list.json"));
            api.rotate(keyId, Map.of("apiKey", rotatedCanary));
            // The provider rejects the key and, like some real providers, quotes it in its error message.
            anthropic.server().stubFor(get(urlPathEqualTo(AnthropicFake.MODELS_PATH)).atPriority(ProviderFake
                    .OVERRIDE_PRIORITY).willReturn(aResponse().withStatus(401).withHeader("content-type",
                    "application/json").withBody("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                    + "\"message\":\"invalid x-api-key: " + rotatedCanary + " (" + canary + ")\"}}")));
            assertEquals("INVALID", body(api.verify(keyId)).get("status").asText());
            api.rotate(keyId, Map.of("apiKey", canary + " with a space")); // refused, value not echoed
            api.audit(200);
            assertEquals(204, api.delete(keyId).getStatusCode());
            api.register(Map.of("provider", "anthropic", "label", "x".repeat(200), "apiKey", canary));
            logs = output.text();
        }
        for (String secret : List.of(canary, rotatedCanary, canary.substring(0, canary.length() - 4),
                rotatedCanary.substring(0, rotatedCanary.length() - 4))) {
            assertFalse(logs.contains(secret), "a log line holds the key");
            assertFalse(api.bodies.toString().contains(secret), "a response holds the key");
            assertEquals(List.of(), TableInspector.of(aws).itemsContaining(secret), "an item holds the key");
        }
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> item, String name,
                                                    AttributeValue value) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        copy.put(name, value);
        return copy;
    }

    private static AttributeValue flip(AttributeValue binary) {
        byte[] bytes = binary.b().asByteArray();
        bytes[bytes.length / 2] ^= 0x01;
        return AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
    }
}
