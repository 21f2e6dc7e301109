package dev.byok.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * Anthropic Messages API ({@code POST {base}/messages}). Key in {@code x-api-key}; usage's three input counts are
 * disjoint (uncached input, cache writes, cache reads) and {@code output_tokens} already includes thinking.
 * {@code x-should-retry: false} on an error suppresses our retries of it. An output
 * schema is sent as {@code output_config.format} ({@code json_schema}, translated to the subset Anthropic accepts).
 */
@Singleton
public class AnthropicClient implements ProviderClient {
    static final String API_VERSION = "2023-06-01";

    private final ProviderHttp http;
    private final ObjectMapper mapper;
    private final Clock clock;

    public AnthropicClient(ProviderHttp http, ObjectMapper mapper) {
        this(http, mapper, Clock.systemUTC());
    }

    AnthropicClient(ProviderHttp http, ObjectMapper mapper, Clock clock) {
        this.http = http;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.ANTHROPIC;
    }

    @Override
    public CompletionResult complete(CompletionRequest request, ProviderCredential credential) {
        HttpRequest httpRequest = http.jsonRequest(endpoint(request.baseUrl(), "/messages"), request.timeout())
                .header("x-api-key", credential.reveal())
                .header("anthropic-version", API_VERSION)
                .POST(HttpRequest.BodyPublishers.ofByteArray(http.toJson(body(request))))
                .build();

        long started = System.nanoTime();
        HttpResponse<byte[]> response = http.send(httpRequest);
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        String requestId = response.headers().firstValue("request-id").orElse(null);
        if (response.statusCode() != 200) {
            throw failure(response, requestId);
        }
        JsonNode json = http.parse(response, requestId);
        TokenUsage usage = usageOf(json.get("usage"));
        String stopReason = json.path("stop_reason").asText(null);
        if ("refusal".equals(stopReason)) {
            throw new ProviderException(ProviderErrorClass.CONTENT_FILTERED, 200, requestId, null, usage, null);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : json.path("content")) {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText(""));
            }
        }
        return new CompletionResult(text.toString(), usage, requestId, json.path("model").asText(request.model()),
                stopReason, latency);
    }

    ObjectNode body(CompletionRequest request) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", request.model());
        body.put("max_tokens", request.maxOutputTokens());
        if (request.system() != null && !request.system().isEmpty()) {
            body.put("system", request.system());
        }
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "user").put("content", request.prompt());
        if (request.outputSchema() != null) {
            body.putObject("output_config").putObject("format").put("type", "json_schema")
                    .set("schema", StructuredOutputSchemas.translate(mapper.valueToTree(request.outputSchema()),
                            StructuredOutputSchemas.Dialect.ANTHROPIC));
        }
        return body;
    }

    /**
     * Anthropic's usage block: {@code input_tokens}, {@code cache_creation_input_tokens} (split by TTL in
     * {@code cache_creation}) and {@code cache_read_input_tokens} are disjoint; thinking is part of
     * {@code output_tokens}. Null when the response has no usage.
     */
    static TokenUsage usageOf(JsonNode usage) {
        if (usage == null || usage.isNull() || !usage.isObject()) {
            return null;
        }
        long cacheWrite = usage.path("cache_creation_input_tokens").asLong(0);
        long cacheWrite1h = Math.min(cacheWrite,
                usage.path("cache_creation").path("ephemeral_1h_input_tokens").asLong(0));
        long output = usage.path("output_tokens").asLong(0);
        long thinking = Math.min(output, usage.path("output_tokens_details").path("thinking_tokens").asLong(0));
        return TokenUsage.reported(usage.path("input_tokens").asLong(0), output,
                usage.path("cache_read_input_tokens").asLong(0), cacheWrite, cacheWrite1h, thinking);
    }

    private ProviderException failure(HttpResponse<byte[]> response, String headerRequestId) {
        int status = response.statusCode();
        JsonNode error = http.parseQuietly(response).orElse(null);
        String requestId = headerRequestId != null ? headerRequestId
                : error == null ? null : error.path("request_id").asText(null);
        String type = error == null ? "" : error.path("error").path("type").asText("");
        ProviderErrorClass errorClass = switch (status) {
            case 401, 403 -> ProviderErrorClass.AUTH;
            case 402 -> ProviderErrorClass.QUOTA_EXHAUSTED;
            case 429 -> ProviderErrorClass.RATE_LIMITED;
            case 408, 409, 529 -> ProviderErrorClass.UNAVAILABLE;
            case 504 -> ProviderErrorClass.TIMEOUT;
            default -> status >= 500 ? ProviderErrorClass.UNAVAILABLE
                    : "billing_error".equals(type) ? ProviderErrorClass.QUOTA_EXHAUSTED
                    : ProviderErrorClass.BAD_REQUEST;
        };
        boolean noRetry = response.headers().firstValue("x-should-retry").map("false"::equalsIgnoreCase)
                .orElse(false);
        return new ProviderException(errorClass, status, requestId, ProviderHttp.retryAfter(response, clock.instant()),
                null, noRetry, null);
    }

    static URI endpoint(URI baseUrl, String path) {
        String base = baseUrl.toString();
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
    }
}
