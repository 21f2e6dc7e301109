package dev.byok.testing.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;

import java.time.Instant;
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
 * Local stand-in for the OpenAI API (Chat Completions and Responses) and for "OpenAI-compatible" servers.
 *
 * <h2>Base URL convention</h2>
 * {@link #baseUrl()} is the server root {@code http://127.0.0.1:<port>} (like {@code https://api.openai.com}) and the
 * endpoints are {@code <pathPrefix>/v1/chat/completions}, {@code <pathPrefix>/v1/responses} and
 * {@code <pathPrefix>/v1/models}. The path prefix is empty by default. {@link #apiBaseUrl()} is
 * {@code baseUrl() + pathPrefix + "/v1"}: the form OpenAI SDKs, vLLM, Ollama and Azure's v1 API use as "base URL"
 * (endpoint paths such as {@code /chat/completions} are appended to it). To check that an adapter keeps a base URL's
 * path, create the fake with a prefix: {@code new OpenAiFake("/openai")} serves
 * {@code /openai/v1/chat/completions} and nothing at {@code /v1/...}.
 *
 * <h2>Default behaviour</h2>
 * <ul>
 *   <li>no {@code Authorization: Bearer} header → 401 ("You didn't provide an API key…"); a key not accepted by the key
 *       policy (default: starts with {@code sk-} and does not contain {@code invalid}) → 401 {@code invalid_api_key}
 *       "Incorrect API key provided". For compatible servers with other key formats use
 *       {@code acceptKeys(k -> !k.contains("invalid"))};</li>
 *   <li>a body that is not a JSON object, no {@code model}, or (chat) no {@code messages} → 400
 *       {@code invalid_request_error};</li>
 *   <li>otherwise 200 in the Chat Completions (or Responses) shape: a fixed sentence with the prompt's word count (no
 *       prompt text), or JSON for {@code response_format} / {@code text.format} {@code json_schema} /
 *       {@code json_object}; usage with {@code prompt_tokens_details.cached_tokens} and
 *       {@code completion_tokens_details.reasoning_tokens} (0); {@code finish_reason: length} when cut to
 *       {@code max_completion_tokens}/{@code max_tokens}.</li>
 * </ul>
 * Every response carries {@code x-request-id}.
 *
 * <p>Fixtures ({@code provider-fixtures/openai/}): {@code chat-cached-and-reasoning}, {@code chat-usage-missing},
 * {@code chat-length}, {@code chat-refusal}, {@code compatible-minimal-usage}, {@code responses-cached-and-reasoning},
 * {@code error-rate-limit} (429), {@code error-insufficient-quota} (429), {@code error-server} (500),
 * {@code error-model-not-found} (404), {@code error-context-length} (400), {@code compatible-error} (vLLM-style).
 */
public final class OpenAiFake extends ProviderFake {

    /** Models listed by {@code GET /v1/models}. */
    public static final List<String> MODELS = List.of("gpt-4o", "gpt-4o-mini", "gpt-5", "gpt-5-mini");

    private final String pathPrefix;

    /** A fake serving {@code /v1/...} at the server root. */
    public OpenAiFake() {
        this("");
    }

    /**
     * A fake serving {@code <pathPrefix>/v1/...}.
     *
     * @param pathPrefix empty, or a path starting with {@code /} and not ending with one, e.g. {@code /openai}
     */
    public OpenAiFake(String pathPrefix) {
        super("openai");
        if (!pathPrefix.isEmpty() && (!pathPrefix.startsWith("/") || pathPrefix.endsWith("/"))) {
            throw new IllegalArgumentException("pathPrefix must be empty or like /prefix: " + pathPrefix);
        }
        this.pathPrefix = pathPrefix;
        installDefaults();
    }

    /** {@code baseUrl() + pathPrefix + "/v1"}, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public String apiBaseUrl() {
        return baseUrl() + pathPrefix + "/v1";
    }

    public String pathPrefix() {
        return pathPrefix;
    }

    public String chatCompletionsPath() {
        return pathPrefix + "/v1/chat/completions";
    }

    public String responsesPath() {
        return pathPrefix + "/v1/responses";
    }

    public String modelsPath() {
        return pathPrefix + "/v1/models";
    }

    /** Chat Completions: what the stub helpers replace. */
    @Override
    public MappingBuilder generateEndpoint() {
        return post(urlPathEqualTo(chatCompletionsPath()));
    }

    @Override
    protected Predicate<String> defaultKeyPolicy() {
        return key -> key.startsWith("sk-") && !key.contains("invalid");
    }

    @Override
    protected void installDefaultStubs() {
        server().stubFor(post(urlPathEqualTo(chatCompletionsPath())).atPriority(DEFAULT_PRIORITY)
                .willReturn(computed("generate")));
        server().stubFor(post(urlPathEqualTo(responsesPath())).atPriority(DEFAULT_PRIORITY)
                .willReturn(computed("responses")));
        server().stubFor(get(urlPathEqualTo(modelsPath())).atPriority(DEFAULT_PRIORITY).willReturn(computed("models")));
        server().stubFor(any(anyUrl()).atPriority(FALLBACK_PRIORITY).willReturn(computed("not-found")));
    }

    @Override
    protected Map<String, String> fixtureHeaders() {
        return headers(requestId());
    }

    @Override
    protected Reply defaultReply(String operation, RecordedRequest request) {
        String requestId = requestId();
        if ("not-found".equals(operation)) {
            return error(404, "Invalid URL (" + request.method() + " " + request.path() + ")", "invalid_request_error",
                    null, null, requestId);
        }
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            return error(401, "You didn't provide an API key. You need to provide your API key in an Authorization"
                    + " header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", "invalid_request_error",
                    null, null, requestId);
        }
        if (!keyAccepted(authorization.substring(7).trim())) {
            return error(401, "Incorrect API key provided", "invalid_request_error", null, "invalid_api_key",
                    requestId);
        }
        return switch (operation) {
            case "models" -> models(requestId);
            case "responses" -> responses(request, requestId);
            default -> chat(request, requestId);
        };
    }

    private Reply chat(RecordedRequest request, String requestId) {
        JsonNode body = parseObject(request);
        if (body == null) {
            return error(400, "We could not parse the JSON body of your request.", "invalid_request_error", null, null,
                    requestId);
        }
        if (!body.hasNonNull("model")) {
            return error(400, "you must provide a model parameter", "invalid_request_error", null, null, requestId);
        }
        if (!body.path("messages").isArray() || body.path("messages").isEmpty()) {
            return error(400, "Missing required parameter: 'messages'.", "invalid_request_error", "messages",
                    "missing_required_parameter", requestId);
        }
        String prompt = Replies.promptText(body.get("messages"));
        String text = replyText(prompt, body.path("response_format"), body.path("response_format").path("json_schema"));
        JsonNode max = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        Replies.Limited limited = Replies.limit(text, max);
        int promptTokens = Math.max(1, Replies.tokens(prompt));

        ObjectNode completion = object();
        completion.put("id", randomId("chatcmpl-", 29));
        completion.put("object", "chat.completion");
        completion.put("created", Instant.now().getEpochSecond());
        completion.put("model", body.get("model").asText());
        ArrayNode choices = completion.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", limited.text());
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", limited.truncated() ? "length" : "stop");
        ObjectNode usage = completion.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", limited.outputTokens());
        usage.put("total_tokens", promptTokens + limited.outputTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        completion.put("service_tier", "default");
        completion.put("system_fingerprint", "fp_byoklocal");
        return new Reply(200, headers(requestId), json(completion));
    }

    private Reply responses(RecordedRequest request, String requestId) {
        JsonNode body = parseObject(request);
        if (body == null) {
            return error(400, "We could not parse the JSON body of your request.", "invalid_request_error", null, null,
                    requestId);
        }
        if (!body.hasNonNull("model")) {
            return error(400, "Missing required parameter: 'model'.", "invalid_request_error", "model",
                    "missing_required_parameter", requestId);
        }
        String prompt = Replies.promptText(body.get("instructions"), body.get("input"));
        JsonNode format = body.path("text").path("format");
        String text = replyText(prompt, format, format);
        Replies.Limited limited = Replies.limit(text, body.get("max_output_tokens"));
        int inputTokens = Math.max(1, Replies.tokens(prompt));

        ObjectNode response = object();
        response.put("id", randomId("resp_", 32));
        response.put("object", "response");
        response.put("created_at", Instant.now().getEpochSecond());
        response.put("status", limited.truncated() ? "incomplete" : "completed");
        if (limited.truncated()) {
            response.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            response.putNull("incomplete_details");
        }
        response.putNull("error");
        response.put("model", body.get("model").asText());
        ObjectNode item = response.putArray("output").addObject();
        item.put("type", "message");
        item.put("id", randomId("msg_", 32));
        item.put("status", limited.truncated() ? "incomplete" : "completed");
        item.put("role", "assistant");
        item.putArray("content").addObject().put("type", "output_text").put("text", limited.text())
                .putArray("annotations");
        response.put("store", body.path("store").asBoolean(true));
        ObjectNode usage = response.putObject("usage");
        usage.put("input_tokens", inputTokens);
        usage.putObject("input_tokens_details").put("cached_tokens", 0).put("cache_write_tokens", 0);
        usage.put("output_tokens", limited.outputTokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", inputTokens + limited.outputTokens());
        return new Reply(200, headers(requestId), json(response));
    }

    /** Plain sentence, or JSON when {@code format.type} is {@code json_schema} / {@code json_object}. */
    private static String replyText(String prompt, JsonNode format, JsonNode schemaHolder) {
        String plain = Replies.plainReply("OpenAI", prompt);
        return switch (format.path("type").asText("")) {
            case "json_schema" -> Replies.structuredReply(schemaHolder.get("schema"), plain);
            case "json_object" -> Replies.structuredReply(null, plain);
            default -> plain;
        };
    }

    private Reply models(String requestId) {
        ObjectNode list = object();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String model : MODELS) {
            data.addObject().put("id", model).put("object", "model").put("created", 1715367049L)
                    .put("owned_by", "system");
        }
        return new Reply(200, headers(requestId), json(list));
    }

    private static Reply error(int status, String message, String type, String param, String code, String requestId) {
        ObjectNode body = object();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return new Reply(status, headers(requestId), json(body));
    }

    private static String requestId() {
        return randomId("req_", 32).toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<String, String> headers(String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-request-id", requestId);
        headers.put("openai-processing-ms", "12");
        headers.put("openai-version", "2020-10-01");
        headers.put("x-ratelimit-limit-requests", "10000");
        headers.put("x-ratelimit-remaining-requests", "9999");
        headers.put("x-ratelimit-reset-requests", "6ms");
        return headers;
    }
}
