package dev.byok.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.testing.OutputCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local server names each request as Lambda does, in its problem bodies and its log lines: the caller's
 * {@code X-Request-Id}, even though the handler and the error mappers run on other threads than the request filter
 * (Netty's event loop).
 */
class LocalRequestIdTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static LocalDevServer server;

    @BeforeAll
    static void startLocalServer() {
        server = LocalDevServer.start(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode problem(HttpRequest.Builder request, String requestId, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(request.header("X-Request-Id", requestId)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        return JSON.readTree(response.body());
    }

    private static HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create(server.apiUrl() + path));
    }

    @Test
    void unauthenticated_not_found_and_invalid_requests_all_carry_the_callers_request_id() throws Exception {
        String unauthenticated = "req-" + UUID.randomUUID();
        String notFound = "req-" + UUID.randomUUID();
        String invalid = "req-" + UUID.randomUUID();

        JsonNode noToken = problem(to("/keys").GET(), unauthenticated, 401);
        JsonNode missing = problem(to("/keys/key_aaaaaaaaaaaaaaaaaaaa").GET()
                .header("Authorization", "Bearer local-token-acme"), notFound, 404);
        JsonNode badBody = problem(to("/keys").POST(HttpRequest.BodyPublishers.ofString("{\"provider\":\"nope\"}"))
                .header("Authorization", "Bearer local-token-acme").header("Content-Type", "application/json"),
                invalid, 400);

        assertEquals(unauthenticated, noToken.path("requestId").asText(), noToken.toString());
        assertEquals(notFound, missing.path("requestId").asText(), missing.toString());
        assertEquals(invalid, badBody.path("requestId").asText(), badBody.toString());
    }

    @Test
    void the_handlers_log_lines_carry_the_callers_request_id() throws Exception {
        String requestId = "req-" + UUID.randomUUID();
        String body = "{\"provider\":\"anthropic\",\"label\":\"request id " + UUID.randomUUID()
                + "\",\"apiKey\":\"sk-ant-" + UUID.randomUUID() + "\"}";
        String logs;
        try (OutputCapture output = OutputCapture.start()) {
            HttpResponse<String> response = HTTP.send(to("/keys").POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Authorization", "Bearer local-token-acme").header("Content-Type", "application/json")
                    .header("X-Request-Id", requestId).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, response.statusCode(), response.body());
            logs = output.text();
        }
        String registered = logs.lines().filter(line -> line.contains("key registered")).findFirst()
                .orElseThrow(() -> new AssertionError("no 'key registered' line in:\n" + logs));
        assertTrue(registered.contains("\"requestId\":\"" + requestId + "\""), registered);
    }
}
