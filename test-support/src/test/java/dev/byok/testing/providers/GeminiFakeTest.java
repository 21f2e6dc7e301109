package dev.byok.testing.providers;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithProviderFakes
class GeminiFakeTest {

    private static final String REQUEST = """
            {"systemInstruction":{"parts":[{"text":"Answer briefly."}]},
             "contents":[{"role":"user","parts":[{"text":"Which river flows through the capital"}]}],
             "generationConfig":{"maxOutputTokens":1024}}""";

    private static HttpResponse<String> generate(GeminiFake fake, String key, String body) throws Exception {
        return Http.post(fake.baseUrl() + GeminiFake.generatePath("gemini-2.5-flash"), body, "x-goog-api-key", key);
    }

    @Test
    void answersInTheGenerateContentShape(GeminiFake fake) throws Exception {
        HttpResponse<String> response = generate(fake, "AIzaSyGood", REQUEST);

        assertEquals(200, response.statusCode());
        JsonNode body = Http.json(response);
        assertEquals("model", body.at("/candidates/0/content/role").asText());
        String text = body.at("/candidates/0/content/parts/0/text").asText();
        assertEquals("This is the local Gemini stand-in replying to a prompt of 8 words.", text);
        assertFalse(text.contains("river"));
        assertEquals("STOP", body.at("/candidates/0/finishReason").asText());
        assertEquals(0, body.at("/candidates/0/index").asInt());
        JsonNode usage = body.get("usageMetadata");
        assertEquals(("Answer briefly.".length() + 1 + "Which river flows through the capital".length() + 3) / 4,
                usage.get("promptTokenCount").asInt());
        assertEquals(usage.get("promptTokenCount").asInt() + usage.get("candidatesTokenCount").asInt(),
                usage.get("totalTokenCount").asInt());
        assertEquals("gemini-2.5-flash", body.get("modelVersion").asText());
        assertFalse(body.get("responseId").asText().isEmpty());
        assertTrue(fake.requestsWithKeyInQuery().isEmpty());
    }

    @Test
    void invalidKeyIs400ApiKeyInvalid(GeminiFake fake) throws Exception {
        HttpResponse<String> response = generate(fake, "AIza-invalid", REQUEST);
        assertEquals(400, response.statusCode());
        JsonNode error = Http.json(response).get("error");
        assertEquals(400, error.get("code").asInt());
        assertEquals("API key not valid. Please pass a valid API key.", error.get("message").asText());
        assertEquals("INVALID_ARGUMENT", error.get("status").asText());
        assertEquals("type.googleapis.com/google.rpc.ErrorInfo", error.at("/details/0/@type").asText());
        assertEquals("API_KEY_INVALID", error.at("/details/0/reason").asText());
        assertEquals("googleapis.com", error.at("/details/0/domain").asText());

        HttpResponse<String> listing = Http.get(fake.baseUrl() + "/v1beta/models", "x-goog-api-key", "AIza-invalid");
        assertEquals(400, listing.statusCode());
        assertEquals(200, Http.get(fake.baseUrl() + "/v1beta/models", "x-goog-api-key", "AIzaGood").statusCode());
    }

    @Test
    void keyInTheUrlIsRejectedAndRecorded(GeminiFake fake) throws Exception {
        HttpResponse<String> response = Http.post(fake.baseUrl() + GeminiFake.generatePath("gemini-2.5-flash")
                + "?key=AIzaLeaked", REQUEST);
        assertEquals(400, response.statusCode());
        assertEquals("INVALID_ARGUMENT", Http.json(response).at("/error/status").asText());
        assertEquals(1, fake.requestsWithKeyInQuery().size());
        assertEquals("AIzaLeaked", fake.requestsWithKeyInQuery().get(0).queryParameter("key"));

        // the guard wins even over a fixture stubbed for the endpoint
        fake.stubFixture("generate-usage-missing", 200);
        assertEquals(400, Http.post(fake.baseUrl() + GeminiFake.generatePath("gemini-2.5-flash") + "?key=k",
                REQUEST, "x-goog-api-key", "k").statusCode());
        assertEquals(2, fake.requestsWithKeyInQuery().size());
    }

    @Test
    void jsonModeAndThinkingFixture(GeminiFake fake) throws Exception {
        String json = """
                {"contents":[{"role":"user","parts":[{"text":"q"}]}],
                 "generationConfig":{"responseMimeType":"application/json",
                   "responseSchema":{"type":"OBJECT","properties":{"answer":{"type":"STRING"},
                     "confidence":{"type":"NUMBER"}}}}}""";
        JsonNode answer = Http.JSON.readTree(Http.json(generate(fake, "k", json))
                .at("/candidates/0/content/parts/0/text").asText());
        assertEquals("sample", answer.get("answer").asText());
        assertTrue(answer.get("confidence").isNumber());

        fake.stubFixture("generate-thoughts-and-cached", 200, Map.of());
        JsonNode canned = Http.json(generate(fake, "k", REQUEST));
        assertEquals(900, canned.at("/usageMetadata/thoughtsTokenCount").asInt());
        assertEquals(3072, canned.at("/usageMetadata/cachedContentTokenCount").asInt());
        assertTrue(canned.at("/candidates/0/content/parts/0/thought").asBoolean());
    }

    @Test
    void missingKeyIsPermissionDenied(GeminiFake fake) throws Exception {
        HttpResponse<String> response = Http.post(fake.baseUrl() + GeminiFake.generatePath("gemini-2.5-flash"),
                REQUEST);
        assertEquals(403, response.statusCode());
        assertEquals("PERMISSION_DENIED", Http.json(response).at("/error/status").asText());
    }
}
