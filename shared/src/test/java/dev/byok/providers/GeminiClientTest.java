package dev.byok.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.byok.testing.providers.GeminiFake;
import dev.byok.testing.providers.RecordedRequest;
import dev.byok.testing.providers.WithProviderFakes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Gemini adapter against the Gemini fake. */
@WithProviderFakes
class GeminiClientTest {
    private static final ProviderCredential KEY = new ProviderCredential("AIzaSy-test-key-0001");
    private final GeminiClient client = new GeminiClient(Adapters.HTTP, Adapters.MAPPER);

    private static CompletionRequest request(GeminiFake fake) {
        return Adapters.request(fake.baseUrl() + "/v1beta", "gemini-2.5-flash", "Be brief.", "Hello");
    }

    @Test
    void the_key_travels_only_in_the_x_goog_api_key_header(GeminiFake fake) {
        client.complete(request(fake), KEY);
        RecordedRequest sent = fake.requests("POST", GeminiFake.generatePath("gemini-2.5-flash")).get(0);
        assertEquals(KEY.reveal(), sent.header("x-goog-api-key"));
        assertTrue(fake.requestsWithKeyInQuery().isEmpty());
        assertFalse(sent.url().contains(KEY.reveal()));
        JsonNode body = sent.bodyAsJson();
        assertEquals("Be brief.", body.path("systemInstruction").path("parts").get(0).path("text").asText());
        assertEquals(300, body.path("generationConfig").path("maxOutputTokens").asInt());
    }

    @Test
    void thoughts_come_on_top_of_candidates_and_cached_tokens_out_of_the_prompt(GeminiFake fake) {
        fake.stubFixture("generate-thoughts-and-cached", 200);
        CompletionResult result = client.complete(request(fake), KEY);
        // prompt 4096 of which 3072 cached; output = 120 candidates + 900 thoughts
        assertEquals(new TokenUsage(1024, 1020, 3072, 0, 0, 900), result.usage());
        assertEquals("Canned answer after thinking, with part of the prompt served from cache.", result.text(),
                "thought parts are not the answer");
        assertEquals("FixtureThoughtsAndCached01", result.providerRequestId());
    }

    @Test
    void a_response_without_usage_metadata_succeeds_with_usage_missing(GeminiFake fake) {
        fake.stubFixture("generate-usage-missing", 200);
        assertNull(client.complete(request(fake), KEY).usage());
    }

    @Test
    void a_blocked_prompt_and_a_safety_stop_are_content_failures_with_usage(GeminiFake fake) {
        fake.stubFixture("generate-prompt-blocked", 200);
        ProviderException blocked = assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY));
        assertEquals(ProviderErrorClass.CONTENT_FILTERED, blocked.errorClass());
        assertEquals(25, blocked.usage().inputTokens());
        fake.reset();
        fake.stubFixture("generate-safety", 200);
        assertEquals(ProviderErrorClass.CONTENT_FILTERED,
                assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY)).errorClass());
    }

    @Test
    void an_invalid_key_answered_with_400_api_key_invalid_is_an_auth_error(GeminiFake fake) {
        ProviderException failure = assertThrows(ProviderException.class,
                () -> client.complete(request(fake), new ProviderCredential("AIza-invalid")));
        assertEquals(400, failure.httpStatus());
        assertEquals(ProviderErrorClass.AUTH, failure.errorClass());
    }

    @Test
    void resource_exhausted_is_a_rate_limit_with_the_retry_delay_from_its_details(GeminiFake fake) {
        fake.stubFixture("error-resource-exhausted", 429);
        ProviderException failure = assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY));
        assertEquals(ProviderErrorClass.RATE_LIMITED, failure.errorClass());
        assertEquals(Duration.ofSeconds(2), failure.retryAfter());
    }

    @Test
    void unavailable_internal_resets_and_malformed_bodies_are_retryable(GeminiFake fake) {
        fake.stubFixture("error-unavailable", 503);
        assertEquals(ProviderErrorClass.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY)).errorClass());
        fake.reset();
        fake.stubFixture("error-internal", 500);
        assertEquals(ProviderErrorClass.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY)).errorClass());
        fake.reset();
        fake.stubFault(Fault.CONNECTION_RESET_BY_PEER);
        assertEquals(ProviderErrorClass.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY)).errorClass());
        fake.reset();
        fake.stubMalformedJson();
        assertEquals(ProviderErrorClass.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY)).errorClass());
        fake.reset();
        fake.stubDelay(Duration.ofMillis(1500));
        assertEquals(ProviderErrorClass.TIMEOUT, assertThrows(ProviderException.class,
                () -> client.complete(Adapters.withTimeout(request(fake), Duration.ofMillis(300)), KEY)).errorClass());
    }

    @Test
    void an_unknown_model_is_a_bad_request(GeminiFake fake) {
        fake.stubFixture("error-model-not-found", 404);
        assertEquals(ProviderErrorClass.BAD_REQUEST,
                assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY)).errorClass());
    }

    @Test
    void asks_for_json_with_a_response_json_schema_in_geminis_subset(GeminiFake fake) throws Exception {
        CompletionResult result = client.complete(Adapters.withSchema(request(fake), Adapters.ticketSchema()), KEY);
        JsonNode config = fake.requests().get(0).bodyAsJson().path("generationConfig");
        assertEquals("application/json", config.path("responseMimeType").asText());
        JsonNode schema = config.path("responseJsonSchema");
        assertEquals("ticket", schema.path("properties").path("kind").path("enum").get(0).asText(),
                "const is translated to a one-value enum");
        assertFalse(schema.path("properties").path("summary").has("minLength"));
        assertEquals(1, schema.path("properties").path("priority").path("minimum").asInt(), "supported: kept");
        assertTrue(Adapters.MAPPER.readTree(result.text()).isObject());
    }

    @Test
    void a_model_id_cannot_add_path_segments_and_unicode_reaches_gemini_byte_exact(GeminiFake fake) {
        assertEquals("gemini-2.5-flash", GeminiClient.modelSegment("models/gemini-2.5-flash"));
        assertEquals("tuned%2F..%2Fx", GeminiClient.modelSegment("tuned/../x"));
        String prompt = "Grüße 👋🏽 — 注文 ok";
        client.complete(Adapters.request(fake.baseUrl() + "/v1beta", "gemini-2.5-flash", null, prompt), KEY);
        byte[] body = fake.requests().get(0).body();
        assertTrue(AnthropicClientTest.indexOf(body, prompt.getBytes(StandardCharsets.UTF_8)) >= 0);
        assertFalse(fake.requests().get(0).bodyAsJson().has("systemInstruction"));
    }
}
