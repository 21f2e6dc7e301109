package dev.byok.testing.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithProviderFakes
class OpenAiFakeTest {

    private static final String REQUEST = """
            {"model":"gpt-4o-mini","messages":[{"role":"developer","content":"Be brief."},
             {"role":"user","content":"Name the secret ingredient of the family recipe"}]}""";

    private static HttpResponse<String> chat(OpenAiFake fake, String key, String body) throws Exception {
        return Http.post(fake.apiBaseUrl() + "/chat/completions", body, "Authorization", "Bearer " + key);
    }

    @Test
    void answersInTheChatCompletionsShape(OpenAiFake fake) throws Exception {
        HttpResponse<String> response = chat(fake, "sk-proj-good", REQUEST);

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("x-request-id").orElseThrow().startsWith("req_"));
        JsonNode body = Http.json(response);
        assertTrue(body.get("id").asText().startsWith("chatcmpl-"));
        assertEquals("chat.completion", body.get("object").asText());
        assertEquals("gpt-4o-mini", body.get("model").asText());
        assertEquals("assistant", body.at("/choices/0/message/role").asText());
        String content = body.at("/choices/0/message/content").asText();
        assertEquals("This is the local OpenAI stand-in replying to a prompt of 10 words.", content);
        assertFalse(content.contains("ingredient"));
        assertEquals("stop", body.at("/choices/0/finish_reason").asText());
        JsonNode usage = body.get("usage");
        assertEquals(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt(),
                usage.get("total_tokens").asInt());
        assertEquals(("Be brief.".length() + 1 + "Name the secret ingredient of the family recipe".length() + 3) / 4,
                usage.get("prompt_tokens").asInt());
        assertEquals(0, usage.at("/prompt_tokens_details/cached_tokens").asInt());
        assertEquals(0, usage.at("/completion_tokens_details/reasoning_tokens").asInt());
        assertTrue(usage.at("/completion_tokens_details/reasoning_tokens").isInt());
    }

    @Test
    void rejectsBadKeysWithInvalidApiKey(OpenAiFake fake) throws Exception {
        HttpResponse<String> response = chat(fake, "sk-invalid-123", REQUEST);
        assertEquals(401, response.statusCode());
        JsonNode error = Http.json(response).get("error");
        assertEquals("Incorrect API key provided", error.get("message").asText());
        assertEquals("invalid_request_error", error.get("type").asText());
        assertTrue(error.get("param").isNull());
        assertEquals("invalid_api_key", error.get("code").asText());
        assertTrue(response.headers().firstValue("x-request-id").isPresent());

        HttpResponse<String> none = Http.post(fake.baseUrl() + "/v1/chat/completions", REQUEST);
        assertEquals(401, none.statusCode());
    }

    @Test
    void keyPolicyCanBeRelaxedForCompatibleServersUntilReset(OpenAiFake fake) throws Exception {
        assertEquals(401, chat(fake, "ollama", REQUEST).statusCode());
        fake.acceptKeys(key -> !key.contains("invalid"));
        assertEquals(200, chat(fake, "ollama", REQUEST).statusCode());
        fake.reset();
        assertEquals(401, chat(fake, "ollama", REQUEST).statusCode());
    }

    @Test
    void listsModels(OpenAiFake fake) throws Exception {
        HttpResponse<String> ok = Http.get(fake.baseUrl() + "/v1/models", "Authorization", "Bearer sk-good");
        assertEquals(200, ok.statusCode());
        assertEquals("list", Http.json(ok).get("object").asText());
        assertEquals("model", Http.json(ok).at("/data/0/object").asText());
        assertEquals(401, Http.get(fake.baseUrl() + "/v1/models", "Authorization", "Bearer sk-invalid").statusCode());
    }

    @Test
    void servesTheResponsesApiWithJsonFormat(OpenAiFake fake) throws Exception {
        String body = """
                {"model":"gpt-5","input":"hello there","store":false,
                 "text":{"format":{"type":"json_schema","name":"out","strict":true,
                   "schema":{"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"],
                             "additionalProperties":false}}}}""";
        JsonNode response = Http.json(Http.post(fake.apiBaseUrl() + "/responses", body,
                "Authorization", "Bearer sk-good"));
        assertEquals("completed", response.get("status").asText());
        assertEquals("{\"ok\":false}", response.at("/output/0/content/0/text").asText());
        assertEquals(0, response.at("/usage/output_tokens_details/reasoning_tokens").asInt());
        assertFalse(response.get("store").asBoolean());
    }

    @Test
    void pathPrefixIsPartOfTheBaseUrl() throws Exception {
        try (OpenAiFake prefixed = new OpenAiFake("/openai")) {
            assertEquals(prefixed.baseUrl() + "/openai/v1", prefixed.apiBaseUrl());
            assertEquals(200, chat(prefixed, "sk-good", REQUEST).statusCode());
            HttpResponse<String> withoutPrefix = Http.post(prefixed.baseUrl() + "/v1/chat/completions", REQUEST,
                    "Authorization", "Bearer sk-good");
            assertEquals(404, withoutPrefix.statusCode());
            assertEquals("invalid_request_error", Http.json(withoutPrefix).at("/error/type").asText());
        }
    }

    @Test
    void cannedUsageFixtureAndRateLimitWithRetryAfter(OpenAiFake fake) throws Exception {
        fake.stubFixtureForNextCalls(2, "error-rate-limit", 429, Map.of("retry-after", "1"));
        fake.stubFixture("chat-cached-and-reasoning", 200);

        HttpResponse<String> limited = chat(fake, "sk-good", REQUEST);
        assertEquals(429, limited.statusCode());
        assertEquals("1", limited.headers().firstValue("retry-after").orElseThrow());
        assertEquals("rate_limit_exceeded", Http.json(limited).at("/error/code").asText());
        assertEquals(429, chat(fake, "sk-good", REQUEST).statusCode());

        JsonNode usage = Http.json(chat(fake, "sk-good", REQUEST)).get("usage");
        assertEquals(1536, usage.at("/prompt_tokens_details/cached_tokens").asInt());
        assertEquals(448, usage.at("/completion_tokens_details/reasoning_tokens").asInt());
    }

    @Test
    void customStubsWinOverDefaults(OpenAiFake fake) throws Exception {
        fake.server().stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"overloaded\","
                        + "\"type\":\"server_error\",\"param\":null,\"code\":null}}")));
        assertEquals(503, chat(fake, "sk-good", REQUEST).statusCode());
    }

    @Test
    void faultsDelaysAndMalformedBodies(OpenAiFake fake) throws Exception {
        fake.stubFault(Fault.CONNECTION_RESET_BY_PEER);
        assertThrows(IOException.class, () -> chat(fake, "sk-good", REQUEST));

        fake.reset();
        fake.stubMalformedJson();
        HttpResponse<String> malformed = chat(fake, "sk-good", REQUEST);
        assertEquals(200, malformed.statusCode());
        assertThrows(IOException.class, () -> Http.json(malformed));

        fake.reset();
        fake.stubDelay(Duration.ofMillis(1500));
        HttpClient client = HttpClient.newHttpClient();
        assertThrows(HttpTimeoutException.class, () -> Http.post(client, fake.apiBaseUrl() + "/chat/completions",
                REQUEST, Duration.ofMillis(300), "Authorization", "Bearer sk-good"));
        long start = System.nanoTime();
        HttpResponse<String> slow = Http.post(client, fake.apiBaseUrl() + "/chat/completions", REQUEST,
                Duration.ofSeconds(10), "Authorization", "Bearer sk-good");
        assertTrue(System.nanoTime() - start >= 1_400_000_000L, "delay not applied");
        assertEquals("chat.completion", Http.json(slow).get("object").asText());
    }

    @Test
    void everyFixtureIsJson(OpenAiFake openAi, AnthropicFake anthropic, GeminiFake gemini) throws Exception {
        for (ProviderFake fake : new ProviderFake[] {openAi, anthropic, gemini}) {
            java.nio.file.Path dir = java.nio.file.Path.of(ProviderFake.class
                    .getResource("/provider-fixtures/" + fake.providerId()).toURI());
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    assertTrue(Http.JSON.readTree(fake.fixture(name)).isObject(), name);
                }
            }
        }
    }
}
