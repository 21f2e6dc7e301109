package dev.byok.testing.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * Local stand-in for the Anthropic Messages API.
 *
 * <p>Base URL convention: {@link #baseUrl()} is {@code http://127.0.0.1:<port>} (like {@code https://api.anthropic.com});
 * the endpoints are {@code POST /v1/messages} and {@code GET /v1/models}.
 *
 * <p>Default behaviour (computed per request):
 * <ul>
 *   <li>no {@code x-api-key} → 401 {@code authentication_error} "x-api-key header is required"; a key not accepted by
 *       the key policy (default: starts with {@code sk-ant-} and does not contain {@code invalid}) → 401
 *       {@code authentication_error} "invalid x-api-key";</li>
 *   <li>no {@code anthropic-version} header, a body that is not a JSON object, or a missing {@code model},
 *       {@code max_tokens} or {@code messages} → 400 {@code invalid_request_error};</li>
 *   <li>otherwise 200 with a {@code message} object: a fixed sentence giving the prompt's word count (never any prompt
 *       text), or, when {@code output_config.format} asks for {@code json_schema}, a sample satisfying the schema;
 *       {@code input_tokens} ≈ ceil(prompt chars / 4), {@code output_tokens} likewise for the reply; cut to
 *       {@code max_tokens} with {@code stop_reason: max_tokens}.</li>
 * </ul>
 * Every response carries {@code request-id: req_…}; errors also carry it in the body.
 *
 * <p>Fixtures ({@code provider-fixtures/anthropic/}): {@code messages-cache-write-and-read}, {@code messages-thinking},
 * {@code messages-usage-missing}, {@code messages-max-tokens}, {@code messages-refusal}, {@code error-rate-limit} (429),
 * {@code error-overloaded} (529), {@code error-api} (500), {@code error-billing} (402), {@code error-invalid-request}
 * (400).
 */
public final class AnthropicFake extends ProviderFake {

    public static final String MESSAGES_PATH = "/v1/messages";
    public static final String MODELS_PATH = "/v1/models";
    /** Models listed by {@code GET /v1/models}. */
    public static final List<String> MODELS = List.of("claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-7");

    public AnthropicFake() {
        super("anthropic");
        installDefaults();
    }

    @Override
    public MappingBuilder generateEndpoint() {
        return post(urlPathEqualTo(MESSAGES_PATH));
    }

    @Override
    protected Predicate<String> defaultKeyPolicy() {
        return key -> key.startsWith("sk-ant-") && !key.contains("invalid");
    }

    @Override
    protected void installDefaultStubs() {
        server().stubFor(post(urlPathEqualTo(MESSAGES_PATH)).atPriority(DEFAULT_PRIORITY).willReturn(computed("generate")));
        server().stubFor(get(urlPathEqualTo(MODELS_PATH)).atPriority(DEFAULT_PRIORITY).willReturn(computed("models")));
        server().stubFor(any(anyUrl()).atPriority(FALLBACK_PRIORITY).willReturn(computed("not-found")));
    }

    @Override
    protected Map<String, String> fixtureHeaders() {
        return headers(randomId("req_", 24));
    }

    @Override
    protected Reply defaultReply(String operation, RecordedRequest request) {
        String requestId = randomId("req_", 24);
        if ("not-found".equals(operation)) {
            return error(404, "not_found_error", "Not Found", requestId);
        }
        String key = request.header("x-api-key");
        if (key == null || key.isBlank()) {
            return error(401, "authentication_error", "x-api-key header is required", requestId);
        }
        if (!keyAccepted(key)) {
            return error(401, "authentication_error", "invalid x-api-key", requestId);
        }
        if (request.header("anthropic-version") == null) {
            return error(400, "invalid_request_error", "anthropic-version: header is required", requestId);
        }
        return "models".equals(operation) ? models(requestId) : messages(request, requestId);
    }

    private Reply messages(RecordedRequest request, String requestId) {
        JsonNode body = parseObject(request);
        if (body == null) {
            return error(400, "invalid_request_error", "There was an issue with the request body: not a JSON object",
                    requestId);
        }
        for (String required : new String[] {"model", "max_tokens", "messages"}) {
            if (!body.hasNonNull(required)) {
                return error(400, "invalid_request_error", required + ": Field required", requestId);
            }
        }
        if (!body.get("messages").isArray() || body.get("messages").isEmpty()) {
            return error(400, "invalid_request_error", "messages: at least one message is required", requestId);
        }
        String prompt = Replies.promptText(body.get("system"), body.get("messages"));
        String plain = Replies.plainReply("Anthropic", prompt);
        JsonNode format = body.path("output_config").path("format");
        if (format.isMissingNode()) {
            format = body.path("output_format");
        }
        String text = "json_schema".equals(format.path("type").asText())
                ? Replies.structuredReply(format.get("schema"), plain) : plain;
        Replies.Limited limited = Replies.limit(text, body.get("max_tokens"));

        ObjectNode message = object();
        message.put("id", randomId("msg_", 24));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", body.get("model").asText());
        ArrayNode content = message.putArray("content");
        content.addObject().put("type", "text").put("text", limited.text());
        message.put("stop_reason", limited.truncated() ? "max_tokens" : "end_turn");
        message.putNull("stop_sequence");
        ObjectNode usage = message.putObject("usage");
        usage.put("input_tokens", Math.max(1, Replies.tokens(prompt)));
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        usage.put("output_tokens", limited.outputTokens());
        usage.put("service_tier", "standard");
        return new Reply(200, headers(requestId), json(message));
    }

    private Reply models(String requestId) {
        ObjectNode list = object();
        ArrayNode data = list.putArray("data");
        for (String model : MODELS) {
            data.addObject().put("type", "model").put("id", model).put("display_name", model)
                    .put("created_at", "2025-09-29T00:00:00Z");
        }
        list.put("has_more", false);
        list.put("first_id", MODELS.get(0));
        list.put("last_id", MODELS.get(MODELS.size() - 1));
        return new Reply(200, headers(requestId), json(list));
    }

    private static Reply error(int status, String type, String message, String requestId) {
        ObjectNode body = object();
        body.put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        body.put("request_id", requestId);
        return new Reply(status, headers(requestId), json(body));
    }

    private static Map<String, String> headers(String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("request-id", requestId);
        headers.put("anthropic-organization-id", "00000000-0000-4000-8000-00000000b10c");
        headers.put("anthropic-ratelimit-requests-limit", "4000");
        headers.put("anthropic-ratelimit-requests-remaining", "3999");
        return headers;
    }
}
