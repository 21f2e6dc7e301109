package dev.byok.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.byok.testing.providers.OpenAiFake;
import dev.byok.testing.providers.RecordedRequest;
import dev.byok.testing.providers.WithProviderFakes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAI Chat Completions and OpenAI-compatible adapters against the OpenAI fake. */
@WithProviderFakes
class OpenAiClientTest {
    private static final ProviderCredential KEY = new ProviderCredential("sk-proj-test-key-0001");
    private final OpenAiClient client = new OpenAiClient(Adapters.HTTP, Adapters.MAPPER);
    private final OpenAiCompatibleClient compatible = new OpenAiCompatibleClient(Adapters.HTTP, Adapters.MAPPER);

    private static CompletionRequest request(OpenAiFake fake) {
        return Adapters.request(fake.apiBaseUrl(), "gpt-5", "Be brief.", "Hello");
    }

    @Test
    void cached_tokens_are_taken_out_of_the_prompt_and_reasoning_stays_inside_the_completion(OpenAiFake fake) {
        fake.stubFixture("chat-cached-and-reasoning", 200);
        CompletionResult result = client.complete(request(fake), KEY);
        // prompt 2048 of which 1536 cached; completion 600 of which 448 reasoning
        assertEquals(new TokenUsage(512, 600, 1536, 0, 0, 448), result.usage());
        assertEquals("Canned reply with cached prompt tokens and reasoning tokens.", result.text());
    }

    @Test
    void cache_write_tokens_when_reported_are_a_part_of_the_prompt_too() throws Exception {
        JsonNode usage = Adapters.MAPPER.readTree("{\"prompt_tokens\":1000,\"completion_tokens\":10,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":200,\"cache_write_tokens\":300}}");
        assertEquals(new TokenUsage(500, 10, 200, 300, 0, 0), OpenAiClient.usageOf(usage));
    }

    @Test
    void nonsense_usage_counts_make_usage_missing_instead_of_failing_an_answered_call() throws Exception {
        // A reply with negative or absurd counts was answered (and billed): it used to fail with a 500 and go
        // unrecorded because TokenUsage refused the numbers.
        for (String usage : new String[]{"{\"prompt_tokens\":-5,\"completion_tokens\":1}",
                "{\"prompt_tokens\":5,\"completion_tokens\":1e20}",
                "{\"prompt_tokens\":9223372036854775807,\"completion_tokens\":1}"}) {
            assertNull(OpenAiClient.usageOf(Adapters.MAPPER.readTree(usage)), usage);
        }
        assertNull(GeminiClient.usageOf(Adapters.MAPPER.readTree(
                "{\"promptTokenCount\":3,\"candidatesTokenCount\":9223372036854775807,\"thoughtsTokenCount\":5}")));
        assertNull(AnthropicClient.usageOf(Adapters.MAPPER.readTree("{\"input_tokens\":-1,\"output_tokens\":2}")));
    }

    @Test
    void a_response_without_usage_or_with_null_usage_succeeds_with_usage_missing(OpenAiFake fake) throws Exception {
        fake.stubFixture("chat-usage-missing", 200);
        assertNull(client.complete(request(fake), KEY).usage());
        assertNull(OpenAiClient.usageOf(Adapters.MAPPER.readTree("null")));
    }

    @Test
    void sends_max_completion_tokens_the_system_prompt_and_the_key_as_a_bearer_token(OpenAiFake fake) {
        client.complete(request(fake), KEY);
        RecordedRequest sent = fake.requests("POST", fake.chatCompletionsPath()).get(0);
        assertEquals("Bearer " + KEY.reveal(), sent.header("authorization"));
        JsonNode body = sent.bodyAsJson();
        assertEquals(300, body.path("max_completion_tokens").asInt());
        assertFalse(body.has("max_tokens"), "max_tokens is deprecated for OpenAI and refused by o-series models");
        assertEquals("system", body.path("messages").get(0).path("role").asText());
        assertEquals("Hello", body.path("messages").get(1).path("content").asText());
    }

    @Test
    void insufficient_quota_is_never_a_retryable_rate_limit(OpenAiFake fake) {
        fake.stubFixture("error-insufficient-quota", 429, Map.of("retry-after", "1"));
        ProviderException failure = assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY));
        assertEquals(ProviderErrorClass.QUOTA_EXHAUSTED, failure.errorClass());
        assertFalse(failure.errorClass().retryable());

        fake.reset();
        fake.stubFixture("error-rate-limit", 429, Map.of("retry-after-ms", "120"));
        ProviderException limited = assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY));
        assertEquals(ProviderErrorClass.RATE_LIMITED, limited.errorClass());
        assertEquals(Duration.ofMillis(120), limited.retryAfter());
        assertTrue(limited.providerRequestId().startsWith("req_"), "x-request-id is kept for support");
    }

    @Test
    void server_errors_resets_timeouts_and_malformed_bodies_are_retryable_failures(OpenAiFake fake) {
        fake.stubFixture("error-server", 500);
        assertEquals(ProviderErrorClass.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY)).errorClass());
        fake.reset();
        fake.stubFault(Fault.CONNECTION_RESET_BY_PEER);
        assertEquals(ProviderErrorClass.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY)).errorClass());
        fake.reset();
        fake.stubDelay(Duration.ofMillis(1500));
        assertEquals(ProviderErrorClass.TIMEOUT, assertThrows(ProviderException.class,
                () -> client.complete(Adapters.withTimeout(request(fake), Duration.ofMillis(300)), KEY)).errorClass());
        fake.reset();
        fake.stubMalformedJson();
        assertEquals(ProviderErrorClass.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY)).errorClass());
    }

    @Test
    void unknown_models_and_bad_keys_are_not_retryable(OpenAiFake fake) {
        fake.stubFixture("error-model-not-found", 404);
        assertEquals(ProviderErrorClass.BAD_REQUEST,
                assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY)).errorClass());
        fake.reset();
        assertEquals(ProviderErrorClass.AUTH, assertThrows(ProviderException.class,
                () -> client.complete(request(fake), new ProviderCredential("sk-invalid"))).errorClass());
    }

    @Test
    void a_refusal_is_a_content_failure(OpenAiFake fake) {
        fake.stubFixture("chat-refusal", 200);
        ProviderException failure = assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY));
        assertEquals(ProviderErrorClass.CONTENT_FILTERED, failure.errorClass());
        assertEquals(30, failure.usage().inputTokens());
    }

    @Test
    void asks_for_strict_json_schema_output_when_the_schema_allows_it(OpenAiFake fake) throws Exception {
        CompletionResult result = client.complete(Adapters.withSchema(request(fake), Adapters.ticketSchema()), KEY);
        JsonNode format = fake.requests("POST", fake.chatCompletionsPath()).get(0).bodyAsJson()
                .path("response_format");
        assertEquals("json_schema", format.path("type").asText());
        assertTrue(format.path("json_schema").path("strict").asBoolean());
        JsonNode schema = format.path("json_schema").path("schema");
        assertFalse(schema.path("additionalProperties").asBoolean(true));
        assertFalse(schema.path("properties").path("summary").has("minLength"), "not supported in strict mode");
        assertEquals(5, schema.path("properties").path("priority").path("maximum").asInt(), "supported: kept");
        assertTrue(Adapters.MAPPER.readTree(result.text()).isObject());
    }

    @Test
    void emoji_and_other_unicode_reach_openai_byte_exact(OpenAiFake fake) {
        String prompt = "Grüße 👋🏽 — 注文 ok";
        client.complete(Adapters.request(fake.apiBaseUrl(), "gpt-4o-mini", null, prompt), KEY);
        byte[] body = fake.requests("POST", fake.chatCompletionsPath()).get(0).body();
        assertTrue(AnthropicClientTest.indexOf(body, prompt.getBytes(StandardCharsets.UTF_8)) >= 0);
    }

    @Test
    void a_compatible_endpoint_keeps_its_base_path_gets_max_tokens_and_may_omit_usage_details() {
        try (OpenAiFake prefixed = new OpenAiFake("/openai")) {
            prefixed.stubFixture("compatible-minimal-usage", 200);
            CompletionResult result = compatible.complete(
                    Adapters.request(prefixed.apiBaseUrl(), "llama3.1:8b", null, "Hi"), KEY);
            assertEquals(TokenUsage.of(26, 11), result.usage());
            JsonNode body = prefixed.requests("POST", prefixed.chatCompletionsPath()).get(0).bodyAsJson();
            assertEquals(300, body.path("max_tokens").asInt());
            assertFalse(body.has("max_completion_tokens"));
        }
    }

    @Test
    void a_compatible_servers_own_error_shape_is_still_classified(OpenAiFake fake) {
        fake.stubFixture("compatible-error", 404);
        ProviderException failure = assertThrows(ProviderException.class,
                () -> compatible.complete(request(fake), KEY));
        assertEquals(ProviderErrorClass.BAD_REQUEST, failure.errorClass());
        assertFalse(failure.getMessage().contains("unknown-model"));
    }
}
