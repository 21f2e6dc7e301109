package dev.byok.functions.keys;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.testing.OutputCapture;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.TableInspector;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.testing.lambda.HttpApiHandlers;
import dev.byok.testing.lambda.LambdaEvents;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key-registration Lambda handler, fed the API Gateway events in events/, against moto. */
@WithLocalAws
class KeyRegistrationHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static APIGatewayV2HTTPEventFunction handler;

    @BeforeAll
    static void startHandler() {
        handler = HttpApiHandlers.start(TestApplication.properties());
    }

    @AfterAll
    static void stopHandler() {
        handler.close();
    }

    private static APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        return HttpApiHandlers.invoke(handler, event);
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws Exception {
        return JSON.readTree(response.getBody());
    }

    /** The registration event; the body is replaced by the test. */
    private static APIGatewayV2HTTPEvent registerEvent() {
        return LambdaEvents.load("keys-register.json", Map.of("apiKey", "replaced", "label", "replaced"));
    }

    /** Registers an Anthropic key under a fresh label (a tenant's labels are unique). */
    private static String register(String apiKey) throws Exception {
        APIGatewayV2HTTPResponse response = call(KeysApi.registerEvent(Map.of("provider", "anthropic",
                "label", KeysApi.uniqueLabel(), "apiKey", apiKey)));
        assertEquals(201, response.getStatusCode(), response.getBody());
        return body(response).get("keyId").asText();
    }

    @Test
    void registering_a_key_returns_its_metadata_and_never_the_key(LocalAws aws) throws Exception {
        String apiKey = "sk-ant-api03-" + UUID.randomUUID() + "-WXYZ";
        String label = "team key " + UUID.randomUUID();
        APIGatewayV2HTTPResponse response;
        try (OutputCapture output = OutputCapture.start()) {
            // The event as it is (label "team key"): the only test that uses that label in this JVM.
            response = call(LambdaEvents.load("keys-register.json", Map.of("apiKey", apiKey, "label", label)));
            assertFalse(output.text().contains(apiKey), "the key must not be logged");
        }
        assertEquals(201, response.getStatusCode(), response.getBody());
        JsonNode key = body(response);
        assertTrue(key.get("keyId").asText().startsWith("key_"));
        assertEquals("anthropic", key.get("provider").asText());
        assertEquals(label, key.get("label").asText());
        assertEquals("WXYZ", key.get("last4").asText());
        assertTrue(key.get("fingerprint").asText().matches("hmac-sha256:[0-9a-f]{64}"));
        assertEquals("UNVERIFIED", key.get("status").asText());
        assertEquals(1, key.get("version").asInt());
        assertFalse(response.getBody().contains(apiKey));
        assertTrue(TableInspector.of(aws).itemsContaining(apiKey).isEmpty(), "no table item may hold the plaintext");
        assertTrue(TableInspector.of(aws).itemsContaining(apiKey.substring(0, apiKey.length() - 4)).isEmpty());
    }

    @Test
    void the_same_key_registered_twice_has_the_same_fingerprint() throws Exception {
        String apiKey = "sk-ant-api03-" + UUID.randomUUID();
        String first = register(apiKey);
        String second = register(apiKey);
        String other = register("sk-ant-api03-" + UUID.randomUUID());
        String fingerprint = fingerprintOf(first);
        assertEquals(fingerprint, fingerprintOf(second));
        assertFalse(fingerprint.equals(fingerprintOf(other)));
    }

    private static String fingerprintOf(String keyId) throws Exception {
        return body(call(LambdaEvents.load("keys-get.json", Map.of("keyId", keyId)))).get("fingerprint").asText();
    }

    @Test
    void listing_shows_the_tenants_keys() throws Exception {
        String keyId = register("sk-ant-api03-" + UUID.randomUUID());
        APIGatewayV2HTTPResponse response = call(LambdaEvents.load("keys-list.json"));
        assertEquals(200, response.getStatusCode());
        assertTrue(response.getBody().contains(keyId));
        assertFalse(response.getBody().contains("ciphertext"));
        assertFalse(response.getBody().contains("wrappedKey"));
    }

    @Test
    void another_tenants_key_answers_404_as_if_it_did_not_exist() throws Exception {
        String keyId = register("sk-ant-api03-" + UUID.randomUUID());
        APIGatewayV2HTTPEvent asGlobex = LambdaEvents.withClaims(LambdaEvents.load("keys-get.json",
                Map.of("keyId", keyId)), Map.of("sub", "someone", "custom:tenant", "globex"));
        APIGatewayV2HTTPResponse response = call(asGlobex);
        assertEquals(404, response.getStatusCode());
        assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        assertEquals("key_not_found", body(response).get("code").asText());

        APIGatewayV2HTTPEvent deleteAsGlobex = LambdaEvents.withClaims(LambdaEvents.load("keys-delete.json",
                Map.of("keyId", keyId)), Map.of("sub", "someone", "custom:tenant", "globex"));
        assertEquals(404, call(deleteAsGlobex).getStatusCode());
        assertEquals(200, call(LambdaEvents.load("keys-get.json", Map.of("keyId", keyId))).getStatusCode(),
                "the owner's key must survive another tenant's delete");
    }

    @Test
    void a_request_without_the_tenant_claim_is_rejected_with_401() throws Exception {
        APIGatewayV2HTTPEvent event = LambdaEvents.withClaims(LambdaEvents.load("keys-list.json"),
                Map.of("sub", "someone"));
        APIGatewayV2HTTPResponse response = call(event);
        assertEquals(401, response.getStatusCode());
        assertEquals("unauthenticated", body(response).get("code").asText());
    }

    @Test
    void the_tenant_cannot_be_chosen_in_the_body() throws Exception {
        String apiKey = "sk-ant-api03-" + UUID.randomUUID();
        APIGatewayV2HTTPEvent event = LambdaEvents.withBody(registerEvent(),
                "{\"provider\":\"anthropic\",\"label\":\"" + KeysApi.uniqueLabel() + "\",\"apiKey\":\"" + apiKey
                        + "\",\"tenant\":\"globex\","
                        + "\"tenantId\":\"globex\"}");
        String keyId = body(call(event)).get("keyId").asText();
        APIGatewayV2HTTPEvent asGlobex = LambdaEvents.withClaims(LambdaEvents.load("keys-get.json",
                Map.of("keyId", keyId)), Map.of("sub", "someone", "custom:tenant", "globex"));
        assertEquals(404, call(asGlobex).getStatusCode());
    }

    @Test
    void invalid_bodies_get_a_problem_listing_every_error_and_write_nothing(LocalAws aws) throws Exception {
        int itemsBefore = TableInspector.of(aws).items().size();
        APIGatewayV2HTTPEvent event = LambdaEvents.withBody(registerEvent(),
                "{\"provider\":\"acme-ai\",\"label\":\"\",\"apiKey\":\"has spaces in it\"}");
        APIGatewayV2HTTPResponse response = call(event);
        assertEquals(400, response.getStatusCode());
        assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        JsonNode problem = body(response);
        assertEquals("invalid_request", problem.get("code").asText());
        assertEquals(3, problem.get("errors").size(), problem.toString());
        assertFalse(response.getBody().contains("has spaces in it"), "the offending value is not echoed");
        assertEquals(itemsBefore, TableInspector.of(aws).items().size());
    }

    @Test
    void unreadable_json_is_a_400_that_does_not_echo_the_body() throws Exception {
        String canary = "sk-ant-canary-" + UUID.randomUUID();
        APIGatewayV2HTTPEvent event = LambdaEvents.withBody(registerEvent(),
                "{\"apiKey\": \"" + canary + "\", oops");
        APIGatewayV2HTTPResponse response;
        try (OutputCapture output = OutputCapture.start()) {
            response = call(event);
            assertFalse(output.text().contains(canary));
        }
        assertEquals(400, response.getStatusCode());
        assertEquals("invalid_request", body(response).get("code").asText());
        assertFalse(response.getBody().contains(canary));
    }

    @Test
    void deleting_a_key_removes_it() throws Exception {
        String keyId = register("sk-ant-api03-" + UUID.randomUUID());
        assertEquals(204, call(LambdaEvents.load("keys-delete.json", Map.of("keyId", keyId))).getStatusCode());
        assertEquals(404, call(LambdaEvents.load("keys-get.json", Map.of("keyId", keyId))).getStatusCode());
        assertEquals(404, call(LambdaEvents.load("keys-delete.json", Map.of("keyId", keyId))).getStatusCode());
    }

    @Test
    void an_unknown_route_is_a_problem_json_404() throws Exception {
        APIGatewayV2HTTPEvent event = LambdaEvents.load("keys-list.json");
        event.setRawPath("/nope");
        event.getRequestContext().getHttp().setPath("/nope");
        APIGatewayV2HTTPResponse response = call(event);
        assertEquals(404, response.getStatusCode());
        assertEquals("not_found", body(response).get("code").asText());
    }
}
