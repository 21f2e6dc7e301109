package dev.byok.functions.keys;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.byok.testing.lambda.HttpApiHandlers;
import dev.byok.testing.lambda.LambdaEvents;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One key-registration Lambda handler (one "execution environment") driven with the events in events/, plus the
 * small conveniences the handler tests share. Every body it builds is JSON-escaped; labels are unique per call
 * unless given, because a tenant's labels must be.
 */
final class KeysApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> GLOBEX = Map.of("sub", "bob", "custom:tenant", "globex");

    final APIGatewayV2HTTPEventFunction handler;
    /** The response bodies this object saw, for leak assertions. */
    final StringBuilder bodies = new StringBuilder();

    KeysApi(Map<String, Object> properties) {
        this.handler = HttpApiHandlers.start(properties);
    }

    APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = HttpApiHandlers.invoke(handler, event);
        bodies.append(response.getBody()).append('\n');
        return response;
    }

    static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return JSON.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    static String uniqueLabel() {
        return "key " + UUID.randomUUID();
    }

    static String json(Map<String, ?> fields) {
        ObjectNode node = JSON.createObjectNode();
        fields.forEach((name, value) -> node.set(name, JSON.valueToTree(value)));
        return node.toString();
    }

    static APIGatewayV2HTTPEvent registerEvent(Map<String, ?> body) {
        return LambdaEvents.withBody(LambdaEvents.load("keys-register.json", Map.of("apiKey", "replaced", "label", "replaced")), json(body));
    }

    static APIGatewayV2HTTPEvent withQuery(APIGatewayV2HTTPEvent event, Map<String, String> query) {
        APIGatewayV2HTTPEvent copy = LambdaEvents.copy(event);
        copy.setQueryStringParameters(new LinkedHashMap<>(query));
        copy.setRawQueryString(query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&")));
        return copy;
    }

    static APIGatewayV2HTTPEvent as(Map<String, String> claims, APIGatewayV2HTTPEvent event) {
        return LambdaEvents.withClaims(event, claims);
    }

    APIGatewayV2HTTPResponse register(Map<String, ?> body) {
        return call(registerEvent(body));
    }

    /** Registers an Anthropic key by value under a fresh label and returns its id. */
    String registerAnthropic(String apiKey) {
        return registerAnthropicLabelled(uniqueLabel(), apiKey);
    }

    String registerAnthropicLabelled(String label, String apiKey) {
        APIGatewayV2HTTPResponse response = register(Map.of("provider", "anthropic", "label", label,
                "apiKey", apiKey));
        assertEquals(201, response.getStatusCode(), response.getBody());
        return body(response).get("keyId").asText();
    }

    APIGatewayV2HTTPResponse get(String keyId) {
        return call(LambdaEvents.load("keys-get.json", Map.of("keyId", keyId)));
    }

    APIGatewayV2HTTPResponse rotate(String keyId, Map<String, ?> body) {
        return call(LambdaEvents.withBody(LambdaEvents.load("keys-rotate.json", Map.of("keyId", keyId,
                "apiKey", "replaced")), json(body)));
    }

    APIGatewayV2HTTPResponse verify(String keyId) {
        return call(LambdaEvents.load("keys-verify.json", Map.of("keyId", keyId)));
    }

    APIGatewayV2HTTPResponse delete(String keyId) {
        return call(LambdaEvents.load("keys-delete.json", Map.of("keyId", keyId)));
    }

    APIGatewayV2HTTPResponse audit(int limit) {
        return call(LambdaEvents.load("audit-list.json", Map.of("limit", Integer.toString(limit))));
    }

    @Override
    public void close() {
        handler.close();
    }
}
