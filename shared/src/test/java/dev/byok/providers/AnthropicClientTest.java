package dev.byok.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.byok.testing.providers.AnthropicFake;
import dev.byok.testing.providers.RecordedRequest;
import dev.byok.testing.providers.WithProviderFakes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Anthropic adapter against the Anthropic fake (real wire format, recorded fixtures). */
@WithProviderFakes
class AnthropicClientTest {
    private static final ProviderCredential KEY = new ProviderCredential("sk-ant-test-key-0001");
    private final AnthropicClient client = new AnthropicClient(Adapters.HTTP, Adapters.MAPPER);

    private static CompletionRequest request(AnthropicFake fake) {
        return Adapters.request(fake.baseUrl() + "/v1", "claude-sonnet-4-5", "Be brief.", "Hello");
    }

    @Test
    void keeps_the_three_disjoint_input_counts_and_the_one_hour_part_of_cache_writes(AnthropicFake fake) {
        fake.stubFixture("messages-cache-write-and-read", 200);
        CompletionResult result = client.complete(request(fake), KEY);
        assertEquals(new TokenUsage(21, 64, 2400, 1800, 600, 0), result.usage());
        assertTrue(result.text().startsWith("Canned reply"));
    }

    @Test
    void thinking_tokens_are_part_of_the_output_and_thinking_blocks_are_not_the_answer(AnthropicFake fake) {
        fake.stubFixture("messages-thinking", 200);
        CompletionResult result = client.complete(request(fake), KEY);
        assertEquals(950, result.usage().outputTokens());
        assertEquals(800, result.usage().reasoningTokens());
        assertEquals("Canned answer after extended thinking.", result.text());
    }

    @Test
    void a_response_without_usage_succeeds_with_usage_missing(AnthropicFake fake) {
        fake.stubFixture("messages-usage-missing", 200);
        CompletionResult result = client.complete(request(fake), KEY);
        assertNull(result.usage());
        assertEquals("Canned reply without a usage block.", result.text());
    }

    @Test
    void a_refusal_is_a_content_failure_that_still_reports_usage(AnthropicFake fake) {
        fake.stubFixture("messages-refusal", 200);
        ProviderException failure = assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY));
        assertEquals(ProviderErrorClass.CONTENT_FILTERED, failure.errorClass());
        assertEquals(TokenUsage.of(35, 1), failure.usage());
    }

    @Test
    void classifies_rate_limits_with_their_retry_hint_overload_and_server_errors_as_retryable(AnthropicFake fake) {
        fake.stubFixture("error-rate-limit", 429, Map.of("retry-after", "7"));
        ProviderException limited = assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY));
        assertEquals(ProviderErrorClass.RATE_LIMITED, limited.errorClass());
        assertEquals(Duration.ofSeconds(7), limited.retryAfter());
        assertTrue(limited.providerRequestId().startsWith("req_"));

        fake.reset();
        fake.stubFixture("error-overloaded", 529);
        ProviderException overloaded = assertThrows(ProviderException.class,
                () -> client.complete(request(fake), KEY));
        assertEquals(ProviderErrorClass.UNAVAILABLE, overloaded.errorClass());
        assertTrue(overloaded.errorClass().retryable());

        fake.reset();
        fake.stubFixture("error-api", 500);
        assertEquals(ProviderErrorClass.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY)).errorClass());
    }

    @Test
    void x_should_retry_false_suppresses_retries_but_true_never_forces_one(AnthropicFake fake) {
        fake.stubFixture("error-overloaded", 529, Map.of("x-should-retry", "false"));
        ProviderException advised = assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY));
        assertEquals(ProviderErrorClass.UNAVAILABLE, advised.errorClass());
        assertFalse(advised.retryable());
        fake.reset();
        fake.stubFixture("error-invalid-request", 400, Map.of("x-should-retry", "true"));
        assertFalse(assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY)).retryable());
    }

    @Test
    void billing_and_invalid_requests_and_bad_keys_are_not_retryable(AnthropicFake fake) {
        fake.stubFixture("error-billing", 400);
        assertEquals(ProviderErrorClass.QUOTA_EXHAUSTED,
                assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY)).errorClass());
        fake.reset();
        fake.stubFixture("error-invalid-request", 400);
        ProviderException bad = assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY));
        assertEquals(ProviderErrorClass.BAD_REQUEST, bad.errorClass());
        assertFalse(bad.getMessage().contains("prompt is too long"), "the provider's message is never ours");
        fake.reset();
        ProviderException auth = assertThrows(ProviderException.class,
                () -> client.complete(request(fake), new ProviderCredential("sk-ant-invalid")));
        assertEquals(ProviderErrorClass.AUTH, auth.errorClass());
        assertFalse(auth.errorClass().retryable());
    }

    @Test
    void timeouts_resets_and_malformed_bodies_are_classified(AnthropicFake fake) {
        fake.stubDelay(Duration.ofMillis(1500));
        assertEquals(ProviderErrorClass.TIMEOUT, assertThrows(ProviderException.class,
                () -> client.complete(Adapters.withTimeout(request(fake), Duration.ofMillis(300)), KEY)).errorClass());
        fake.reset();
        fake.stubFault(Fault.CONNECTION_RESET_BY_PEER);
        assertEquals(ProviderErrorClass.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY)).errorClass());
        fake.reset();
        fake.stubMalformedJson();
        assertEquals(ProviderErrorClass.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> client.complete(request(fake), KEY)).errorClass());
    }

    @Test
    void asks_for_structured_output_in_anthropics_form_without_the_keywords_it_rejects(AnthropicFake fake)
            throws Exception {
        CompletionResult result = client.complete(Adapters.withSchema(request(fake), Adapters.ticketSchema()), KEY);
        JsonNode sent = fake.requests("POST", AnthropicFake.MESSAGES_PATH).get(0).bodyAsJson();
        JsonNode format = sent.path("output_config").path("format");
        assertEquals("json_schema", format.path("type").asText());
        JsonNode schema = format.path("schema");
        assertFalse(schema.path("additionalProperties").asBoolean(true), "objects are closed");
        assertFalse(schema.path("properties").path("summary").has("minLength"));
        assertFalse(schema.path("properties").path("priority").has("maximum"));
        assertEquals("ticket", schema.path("properties").path("kind").path("const").asText());
        assertTrue(Adapters.MAPPER.readTree(result.text()).isObject(), "the fake answers with a schema sample");
    }

    @Test
    void sends_the_key_only_in_x_api_key_and_unicode_byte_exact(AnthropicFake fake) {
        String prompt = "Grüße 👋🏽 — 注文 <b>&</b> ok";
        client.complete(Adapters.request(fake.baseUrl() + "/v1", "claude-haiku-4-5", null, prompt), KEY);
        RecordedRequest sent = fake.requests("POST", AnthropicFake.MESSAGES_PATH).get(0);
        assertEquals(KEY.reveal(), sent.header("x-api-key"));
        assertNull(sent.header("authorization"));
        assertTrue(indexOf(sent.body(), prompt.getBytes(StandardCharsets.UTF_8)) >= 0, "prompt bytes as sent");
        assertFalse(sent.bodyAsJson().has("system"), "no empty system prompt");
        assertEquals(List.of("role", "content"), fieldNames(sent.bodyAsJson().path("messages").get(0)));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
