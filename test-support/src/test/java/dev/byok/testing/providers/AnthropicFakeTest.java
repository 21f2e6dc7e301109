package dev.byok.testing.providers;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnthropicFakeTest {

    private static final String PROMPT = "Summarise the quarterly numbers for the board in three bullet points";
    private static final String REQUEST = """
            {"model":"claude-sonnet-4-5","max_tokens":1024,
             "system":"You are terse.",
             "messages":[{"role":"user","content":[{"type":"text","text":"%s"}]}]}""".formatted(PROMPT);

    private static AnthropicFake fake;

    @BeforeAll
    static void start() {
        fake = new AnthropicFake();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @AfterEach
    void reset() {
        fake.reset();
    }

    private HttpResponse<String> messages(String key, String body) throws Exception {
        return Http.post(fake.baseUrl() + "/v1/messages", body,
                "x-api-key", key, "anthropic-version", "2023-06-01");
    }

    @Test
    void answersInTheMessagesShape() throws Exception {
        HttpResponse<String> response = messages("sk-ant-api03-good", REQUEST);

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("request-id").orElseThrow().startsWith("req_"));
        JsonNode body = Http.json(response);
        assertTrue(body.get("id").asText().startsWith("msg_"));
        assertEquals("message", body.get("type").asText());
        assertEquals("assistant", body.get("role").asText());
        assertEquals("claude-sonnet-4-5", body.get("model").asText());
        assertEquals("text", body.at("/content/0/type").asText());
        String text = body.at("/content/0/text").asText();
        assertEquals("This is the local Anthropic stand-in replying to a prompt of 14 words.", text);
        assertFalse(text.contains("quarterly"), "the fake must not echo the prompt");
        assertEquals("end_turn", body.get("stop_reason").asText());
        assertTrue(body.get("stop_sequence").isNull());
        int promptChars = "You are terse.".length() + 1 + PROMPT.length();
        assertEquals((promptChars + 3) / 4, body.at("/usage/input_tokens").asInt());
        assertEquals(0, body.at("/usage/cache_creation_input_tokens").asInt());
        assertEquals(0, body.at("/usage/cache_read_input_tokens").asInt());
        assertEquals((text.length() + 3) / 4, body.at("/usage/output_tokens").asInt());

        RecordedRequest recorded = fake.requests().get(0);
        assertEquals("sk-ant-api03-good", recorded.header("X-API-KEY"));
        assertEquals(PROMPT, recorded.bodyAsJson().at("/messages/0/content/0/text").asText());
    }

    @Test
    void rejectsBadKeysWithAuthenticationError() throws Exception {
        for (String key : new String[] {"sk-ant-invalid-key", "sk-proj-not-anthropic"}) {
            HttpResponse<String> response = messages(key, REQUEST);
            assertEquals(401, response.statusCode());
            JsonNode body = Http.json(response);
            assertEquals("error", body.get("type").asText());
            assertEquals("authentication_error", body.at("/error/type").asText());
            assertEquals("invalid x-api-key", body.at("/error/message").asText());
            assertTrue(body.get("request_id").asText().startsWith("req_"));
            assertEquals(body.get("request_id").asText(), response.headers().firstValue("request-id").orElseThrow());
        }
        HttpResponse<String> noKey = Http.post(fake.baseUrl() + "/v1/messages", REQUEST,
                "anthropic-version", "2023-06-01");
        assertEquals(401, noKey.statusCode());
    }

    @Test
    void requiresVersionHeaderAndMandatoryFields() throws Exception {
        HttpResponse<String> noVersion = Http.post(fake.baseUrl() + "/v1/messages", REQUEST, "x-api-key", "sk-ant-x");
        assertEquals(400, noVersion.statusCode());
        assertEquals("invalid_request_error", Http.json(noVersion).at("/error/type").asText());

        HttpResponse<String> noMaxTokens = messages("sk-ant-x", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}");
        assertEquals(400, noMaxTokens.statusCode());
        assertEquals("max_tokens: Field required", Http.json(noMaxTokens).at("/error/message").asText());
    }

    @Test
    void listsModelsAsKeyCheck() throws Exception {
        HttpResponse<String> ok = Http.get(fake.baseUrl() + "/v1/models",
                "x-api-key", "sk-ant-good", "anthropic-version", "2023-06-01");
        assertEquals(200, ok.statusCode());
        assertEquals("model", Http.json(ok).at("/data/0/type").asText());
        HttpResponse<String> bad = Http.get(fake.baseUrl() + "/v1/models",
                "x-api-key", "sk-ant-invalid", "anthropic-version", "2023-06-01");
        assertEquals(401, bad.statusCode());
        assertEquals("authentication_error", Http.json(bad).at("/error/type").asText());
    }

    @Test
    void servesStructuredOutputAndHonoursMaxTokens() throws Exception {
        String structured = """
                {"model":"claude-sonnet-4-5","max_tokens":500,"messages":[{"role":"user","content":"x"}],
                 "output_config":{"format":{"type":"json_schema","schema":{"type":"object",
                   "properties":{"title":{"type":"string"},"score":{"type":"integer","minimum":1},
                   "tags":{"type":"array","items":{"enum":["a","b"]}}},"required":["title","score","tags"]}}}}""";
        JsonNode body = Http.json(messages("sk-ant-x", structured));
        JsonNode answer = Http.JSON.readTree(body.at("/content/0/text").asText());
        assertEquals("sample", answer.get("title").asText());
        assertEquals(1, answer.get("score").asInt());
        assertEquals("a", answer.at("/tags/0").asText());

        JsonNode cut = Http.json(messages("sk-ant-x",
                "{\"model\":\"m\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertEquals("max_tokens", cut.get("stop_reason").asText());
        assertEquals(3, cut.at("/usage/output_tokens").asInt());
    }

    @Test
    void fixturesOverrideDefaultsUntilReset() throws Exception {
        fake.stubFixture("messages-cache-write-and-read", 200);
        JsonNode cached = Http.json(messages("sk-ant-x", REQUEST));
        assertEquals(1800, cached.at("/usage/cache_creation_input_tokens").asInt());
        assertEquals(2400, cached.at("/usage/cache_read_input_tokens").asInt());

        fake.reset();
        assertTrue(fake.requests().isEmpty());
        assertEquals(0, Http.json(messages("sk-ant-x", REQUEST)).at("/usage/cache_read_input_tokens").asInt());
    }

    @Test
    void errorFixtureForTheNextCallThenDefault() throws Exception {
        fake.stubFixtureForNextCalls(1, "error-overloaded", 529, Map.of("x-should-retry", "true"));
        HttpResponse<String> first = messages("sk-ant-x", REQUEST);
        assertEquals(529, first.statusCode());
        assertEquals("overloaded_error", Http.json(first).at("/error/type").asText());
        assertEquals("true", first.headers().firstValue("x-should-retry").orElseThrow());
        assertTrue(first.headers().firstValue("request-id").isPresent());
        assertEquals(200, messages("sk-ant-x", REQUEST).statusCode());
        assertEquals(2, fake.requests("POST", "/v1/messages").size());
    }

    @Test
    void unknownPathsAnswerNotFoundInProviderShape() throws Exception {
        HttpResponse<String> response = Http.get(fake.baseUrl() + "/v2/whatever");
        assertEquals(404, response.statusCode());
        assertEquals("not_found_error", Http.json(response).at("/error/type").asText());
    }
}
