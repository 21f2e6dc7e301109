package dev.byok.testing.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Local stand-in for the Gemini API (Google AI Studio / Developer API, {@code generateContent}).
 *
 * <p>Base URL convention: {@link #baseUrl()} is {@code http://127.0.0.1:<port>} (like
 * {@code https://generativelanguage.googleapis.com}); endpoints are {@code POST /v1beta/models/{model}:generateContent},
 * {@code GET /v1beta/models} and {@code GET /v1beta/models/{model}}.
 *
 * <p>Default behaviour:
 * <ul>
 *   <li>any request with a {@code key} query parameter → 400 {@code INVALID_ARGUMENT} (the key would end up in URL
 *       logs; the client must use the {@code x-goog-api-key} header). Such requests are recorded:
 *       {@link #requestsWithKeyInQuery()} must stay empty;</li>
 *   <li>no {@code x-goog-api-key} header → 403 {@code PERMISSION_DENIED}; a key not accepted by the key policy
 *       (default: does not contain {@code invalid}) → 400 {@code INVALID_ARGUMENT} with reason {@code API_KEY_INVALID}
 *       (Gemini does not use 401);</li>
 *   <li>a body that is not a JSON object or has no {@code contents} → 400 {@code INVALID_ARGUMENT};</li>
 *   <li>otherwise 200 with one candidate: a fixed sentence with the prompt's word count (no prompt text), or a schema
 *       sample when {@code generationConfig.responseMimeType} is {@code application/json}; {@code usageMetadata}
 *       with prompt/candidates/total counts; {@code finishReason: MAX_TOKENS} when cut to
 *       {@code generationConfig.maxOutputTokens}.</li>
 * </ul>
 *
 * <p>Fixtures ({@code provider-fixtures/gemini/}): {@code generate-thoughts-and-cached}, {@code generate-usage-missing},
 * {@code generate-max-tokens}, {@code generate-prompt-blocked}, {@code generate-safety}, {@code error-resource-exhausted}
 * (429), {@code error-unavailable} (503), {@code error-internal} (500), {@code error-model-not-found} (404).
 */
public final class GeminiFake extends ProviderFake {

    public static final String MODELS_PATH = "/v1beta/models";
    /** Models listed by {@code GET /v1beta/models}. */
    public static final List<String> MODELS = List.of("gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.5-flash-lite");

    private static final Pattern GENERATE = Pattern.compile("^/v1beta/models/([^/:]+):generateContent$");

    public GeminiFake() {
        super("gemini");
        installDefaults();
    }

    /** The path of {@code generateContent} for a model, e.g. {@code /v1beta/models/gemini-2.5-flash:generateContent}. */
    public static String generatePath(String model) {
        return MODELS_PATH + "/" + model + ":generateContent";
    }

    @Override
    public MappingBuilder generateEndpoint() {
        return post(urlPathMatching("/v1beta/models/[^/:]+:generateContent"));
    }

    /** Requests that carried the API key in the URL ({@code ?key=}); a correct client never sends one. */
    public List<RecordedRequest> requestsWithKeyInQuery() {
        return requests().stream().filter(r -> r.queryParameters().containsKey("key")).toList();
    }

    @Override
    protected Predicate<String> defaultKeyPolicy() {
        return key -> !key.contains("invalid");
    }

    @Override
    protected void installDefaultStubs() {
        server().stubFor(any(anyUrl()).withQueryParam("key", matching(".*")).atPriority(GUARD_PRIORITY)
                .willReturn(computed("key-in-query")));
        server().stubFor(generateEndpoint().atPriority(DEFAULT_PRIORITY).willReturn(computed("generate")));
        server().stubFor(get(urlPathEqualTo(MODELS_PATH)).atPriority(DEFAULT_PRIORITY).willReturn(computed("models")));
        server().stubFor(get(urlPathMatching(MODELS_PATH + "/[^/:]+")).atPriority(DEFAULT_PRIORITY)
                .willReturn(computed("model")));
        server().stubFor(any(anyUrl()).atPriority(FALLBACK_PRIORITY).willReturn(computed("not-found")));
    }

    @Override
    protected Map<String, String> fixtureHeaders() {
        return headers();
    }

    @Override
    protected Reply defaultReply(String operation, RecordedRequest request) {
        if ("key-in-query".equals(operation)) {
            return error(400, "INVALID_ARGUMENT", "byok local Gemini stand-in: the API key was sent in the URL query"
                    + " (?key=); send it in the x-goog-api-key header.", null);
        }
        if ("not-found".equals(operation)) {
            return error(404, "NOT_FOUND", "Requested entity was not found.", null);
        }
        String key = request.header("x-goog-api-key");
        if (key == null || key.isBlank()) {
            return error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without"
                    + " established identity). Please use API Key or other form of API consumer identity to call this"
                    + " API.", null);
        }
        if (!keyAccepted(key)) {
            return error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                    "API_KEY_INVALID");
        }
        return switch (operation) {
            case "models" -> models();
            case "model" -> model(request.path().substring(MODELS_PATH.length() + 1));
            default -> generate(request);
        };
    }

    private Reply generate(RecordedRequest request) {
        Matcher matcher = GENERATE.matcher(request.path());
        String model = matcher.matches() ? matcher.group(1) : "unknown";
        JsonNode body = parseObject(request);
        if (body == null) {
            return error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.", null);
        }
        if (!body.path("contents").isArray() || body.path("contents").isEmpty()) {
            return error(400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified\n",
                    null);
        }
        String prompt = Replies.promptText(body.get("systemInstruction"), body.get("contents"));
        String plain = Replies.plainReply("Gemini", prompt);
        JsonNode config = body.path("generationConfig");
        String text = plain;
        if ("application/json".equals(config.path("responseMimeType").asText())) {
            JsonNode schema = config.has("responseJsonSchema") ? config.get("responseJsonSchema")
                    : config.get("responseSchema");
            text = Replies.structuredReply(schema, plain);
        }
        Replies.Limited limited = Replies.limit(text, config.get("maxOutputTokens"));
        int promptTokens = Math.max(1, Replies.tokens(prompt));

        ObjectNode response = object();
        ObjectNode candidate = response.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.putArray("parts").addObject().put("text", limited.text());
        content.put("role", "model");
        candidate.put("finishReason", limited.truncated() ? "MAX_TOKENS" : "STOP");
        candidate.put("index", 0);
        ObjectNode usage = response.putObject("usageMetadata");
        usage.put("promptTokenCount", promptTokens);
        usage.put("candidatesTokenCount", limited.outputTokens());
        usage.put("totalTokenCount", promptTokens + limited.outputTokens());
        usage.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", promptTokens);
        response.put("modelVersion", model);
        response.put("responseId", randomId("", 22));
        return new Reply(200, headers(), json(response));
    }

    private Reply models() {
        ObjectNode list = object();
        ArrayNode models = list.putArray("models");
        MODELS.forEach(model -> models.add(modelNode(model)));
        return new Reply(200, headers(), json(list));
    }

    private Reply model(String name) {
        if (!MODELS.contains(name)) {
            return error(404, "NOT_FOUND", "models/" + name + " is not found for API version v1beta, or is not"
                    + " supported for generateContent.", null);
        }
        return new Reply(200, headers(), json(modelNode(name)));
    }

    private static ObjectNode modelNode(String model) {
        ObjectNode node = object();
        node.put("name", "models/" + model);
        node.put("version", "001");
        node.put("displayName", model);
        node.put("inputTokenLimit", 1048576);
        node.put("outputTokenLimit", 65536);
        node.putArray("supportedGenerationMethods").add("generateContent").add("countTokens");
        return node;
    }

    private static Reply error(int code, String status, String message, String reason) {
        ObjectNode body = object();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        if (reason != null) {
            ObjectNode detail = error.putArray("details").addObject();
            detail.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
            detail.put("reason", reason);
            detail.put("domain", "googleapis.com");
            detail.putObject("metadata").put("service", "generativelanguage.googleapis.com");
        }
        return new Reply(code, headers(), json(body));
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json; charset=UTF-8");
        headers.put("server-timing", "gfet4t7; dur=12");
        return headers;
    }
}
