package dev.byok.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Google Gemini {@code generateContent} ({@code POST {base}/models/{model}:generateContent}). The key goes only in
 * the {@code x-goog-api-key} header, never in the URL (URLs end up in proxy and access logs). An output schema
 * becomes {@code responseMimeType: application/json} plus {@code responseJsonSchema} (Gemini's keyword subset).
 * Usage: cached tokens are part of {@code promptTokenCount}; thoughts come on top of the candidates' tokens and are
 * billed as output. Thought-summary parts are not part of the answer. A 400 {@code API_KEY_INVALID} is an auth error.
 */
@Singleton
public class GeminiClient implements ProviderClient {
    private static final Set<String> BLOCKING_FINISH_REASONS = Set.of("SAFETY", "RECITATION", "BLOCKLIST",
            "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY");

    private final ProviderHttp http;
    private final ObjectMapper mapper;
    private final Clock clock;

    public GeminiClient(ProviderHttp http, ObjectMapper mapper) {
        this(http, mapper, Clock.systemUTC());
    }

    GeminiClient(ProviderHttp http, ObjectMapper mapper, Clock clock) {
        this.http = http;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.GEMINI;
    }

    @Override
    public CompletionResult complete(CompletionRequest request, ProviderCredential credential) {
        HttpRequest httpRequest = http.jsonRequest(AnthropicClient.endpoint(request.baseUrl(),
                                "/models/" + modelSegment(request.model()) + ":generateContent"), request.timeout())
                .header("x-goog-api-key", credential.reveal())
                .POST(HttpRequest.BodyPublishers.ofByteArray(http.toJson(body(request))))
                .build();

        long started = System.nanoTime();
        HttpResponse<byte[]> response = http.send(httpRequest);
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        String headerRequestId = response.headers().firstValue("x-goog-request-id").orElse(null);
        if (response.statusCode() != 200) {
            throw failure(response, headerRequestId);
        }
        JsonNode json = http.parse(response, headerRequestId);
        String requestId = headerRequestId != null ? headerRequestId : json.path("responseId").asText(null);
        TokenUsage usage = usageOf(json.get("usageMetadata"));
        if (json.path("promptFeedback").hasNonNull("blockReason")) {
            throw new ProviderException(ProviderErrorClass.CONTENT_FILTERED, 200, requestId, null, usage, null);
        }
        JsonNode candidate = json.path("candidates").path(0);
        StringBuilder text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (!part.path("thought").asBoolean(false) && part.has("text")) {
                text.append(part.path("text").asText(""));
            }
        }
        String finishReason = candidate.path("finishReason").asText(null);
        if (text.isEmpty() && (candidate.isMissingNode() || BLOCKING_FINISH_REASONS.contains(finishReason))) {
            throw new ProviderException(ProviderErrorClass.CONTENT_FILTERED, 200, requestId, null, usage, null);
        }
        return new CompletionResult(text.toString(), usage, requestId,
                json.path("modelVersion").asText(request.model()), finishReason, latency);
    }

    ObjectNode body(CompletionRequest request) {
        ObjectNode body = mapper.createObjectNode();
        body.putArray("contents").addObject().put("role", "user").putArray("parts").addObject()
                .put("text", request.prompt());
        if (request.system() != null && !request.system().isEmpty()) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", request.system());
        }
        ObjectNode config = body.putObject("generationConfig");
        config.put("maxOutputTokens", request.maxOutputTokens());
        if (request.temperature() != null) {
            config.put("temperature", request.temperature());
        }
        if (request.outputSchema() != null) {
            config.put("responseMimeType", "application/json");
            config.set("responseJsonSchema", StructuredOutputSchemas.translate(
                    mapper.valueToTree(request.outputSchema()), StructuredOutputSchemas.Dialect.GEMINI));
        }
        return body;
    }

    /**
     * Gemini's {@code usageMetadata}: {@code cachedContentTokenCount} is part of {@code promptTokenCount};
     * {@code thoughtsTokenCount} is in addition to {@code candidatesTokenCount} (output = candidates + thoughts);
     * tool-use prompt tokens are billed as input. Null when absent.
     */
    static TokenUsage usageOf(JsonNode usage) {
        if (usage == null || usage.isNull() || !usage.isObject()) {
            return null;
        }
        long prompt = usage.path("promptTokenCount").asLong(0);
        long cached = Math.min(prompt, usage.path("cachedContentTokenCount").asLong(0));
        long toolPrompt = usage.path("toolUsePromptTokenCount").asLong(0);
        long thoughts = usage.path("thoughtsTokenCount").asLong(0);
        long output = usage.path("candidatesTokenCount").asLong(0) + thoughts;
        return TokenUsage.reported(prompt - cached + toolPrompt, output, cached, 0, 0, thoughts);
    }

    /** A model id as one path segment ({@code models/} prefix accepted), so it can never add path segments. */
    static String modelSegment(String model) {
        String id = model.startsWith("models/") ? model.substring("models/".length()) : model;
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private ProviderException failure(HttpResponse<byte[]> response, String requestId) {
        int status = response.statusCode();
        JsonNode error = http.parseQuietly(response).map(body -> body.path("error")).orElse(null);
        String rpcStatus = error == null ? "" : error.path("status").asText("");
        boolean keyInvalid = false;
        Duration retryDelay = null;
        if (error != null) {
            for (JsonNode detail : error.path("details")) {
                keyInvalid |= "API_KEY_INVALID".equals(detail.path("reason").asText());
                if (detail.path("@type").asText().endsWith("google.rpc.RetryInfo")) {
                    retryDelay = protoDuration(detail.path("retryDelay").asText(""));
                }
            }
        }
        ProviderErrorClass errorClass = switch (status) {
            case 401, 403 -> ProviderErrorClass.AUTH;
            case 429 -> ProviderErrorClass.RATE_LIMITED;
            case 408, 409, 499 -> ProviderErrorClass.UNAVAILABLE;
            case 504 -> ProviderErrorClass.TIMEOUT;
            default -> status >= 500 ? ProviderErrorClass.UNAVAILABLE
                    : keyInvalid ? ProviderErrorClass.AUTH
                    : "FAILED_PRECONDITION".equals(rpcStatus) ? ProviderErrorClass.QUOTA_EXHAUSTED
                    : ProviderErrorClass.BAD_REQUEST;
        };
        Duration retryAfter = ProviderHttp.retryAfter(response, clock.instant());
        return new ProviderException(errorClass, status, requestId, retryAfter != null ? retryAfter : retryDelay,
                null);
    }

    /** A protobuf JSON duration such as {@code "2s"} or {@code "0.5s"}; null when it is not one. */
    static Duration protoDuration(String value) {
        if (!value.matches("\\d{1,6}(\\.\\d{1,9})?s")) {
            return null;
        }
        return Duration.ofMillis((long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
    }
}
