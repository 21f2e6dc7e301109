package dev.byok.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * OpenAI Chat Completions ({@code POST {base}/chat/completions}). Key as {@code Authorization: Bearer}; the output
 * cap is {@code max_completion_tokens}; an output schema becomes {@code response_format} json_schema, strict when
 * the schema can be enforced strictly. Usage: cached tokens are part of {@code prompt_tokens} and reasoning tokens
 * part of {@code completion_tokens}. A 429 {@code insufficient_quota} is quota exhaustion, never a rate limit.
 */
@Singleton
public class OpenAiClient implements ProviderClient {
    private final ProviderHttp http;
    private final ObjectMapper mapper;
    private final Clock clock;

    public OpenAiClient(ProviderHttp http, ObjectMapper mapper) {
        this(http, mapper, Clock.systemUTC());
    }

    OpenAiClient(ProviderHttp http, ObjectMapper mapper, Clock clock) {
        this.http = http;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.OPENAI;
    }

    /** The body field carrying the output cap. */
    protected String maxTokensField() {
        return "max_completion_tokens";
    }

    @Override
    public CompletionResult complete(CompletionRequest request, ProviderCredential credential) {
        HttpRequest httpRequest = http.jsonRequest(AnthropicClient.endpoint(request.baseUrl(), "/chat/completions"),
                        request.timeout())
                .header("authorization", "Bearer " + credential.reveal())
                .POST(HttpRequest.BodyPublishers.ofByteArray(http.toJson(body(request))))
                .build();

        long started = System.nanoTime();
        HttpResponse<byte[]> response = http.send(httpRequest);
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        String requestId = requestId(response);
        if (response.statusCode() != 200) {
            throw failure(response, requestId);
        }
        JsonNode json = http.parse(response, requestId);
        TokenUsage usage = usageOf(json.get("usage"));
        JsonNode choice = json.path("choices").path(0);
        if (choice.isMissingNode()) {
            throw new ProviderException(ProviderErrorClass.UNAVAILABLE, 200, requestId, null, usage, null);
        }
        JsonNode message = choice.path("message");
        String finishReason = choice.path("finish_reason").asText(null);
        boolean refused = message.hasNonNull("refusal") && !message.hasNonNull("content");
        if (refused || "content_filter".equals(finishReason)) {
            throw new ProviderException(ProviderErrorClass.CONTENT_FILTERED, 200, requestId, null, usage, null);
        }
        return new CompletionResult(message.path("content").asText(""), usage, requestId,
                json.path("model").asText(request.model()), finishReason, latency);
    }

    ObjectNode body(CompletionRequest request) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        if (request.system() != null && !request.system().isEmpty()) {
            messages.addObject().put("role", "system").put("content", request.system());
        }
        messages.addObject().put("role", "user").put("content", request.prompt());
        body.put(maxTokensField(), request.maxOutputTokens());
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.outputSchema() != null) {
            JsonNode schema = StructuredOutputSchemas.translate(mapper.valueToTree(request.outputSchema()),
                    StructuredOutputSchemas.Dialect.OPENAI);
            ObjectNode jsonSchema = body.putObject("response_format").put("type", "json_schema")
                    .putObject("json_schema");
            jsonSchema.put("name", "output");
            jsonSchema.set("schema", schema);
            jsonSchema.put("strict", StructuredOutputSchemas.strictCompatible(schema));
        }
        return body;
    }

    /**
     * Chat Completions usage: {@code cached_tokens} (and, where reported, {@code cache_write_tokens}) are part of
     * {@code prompt_tokens}; {@code reasoning_tokens} are part of {@code completion_tokens}. Null when absent.
     */
    static TokenUsage usageOf(JsonNode usage) {
        if (usage == null || usage.isNull() || !usage.isObject()) {
            return null;
        }
        long prompt = usage.path("prompt_tokens").asLong(0);
        JsonNode promptDetails = usage.path("prompt_tokens_details");
        long cached = Math.min(prompt, promptDetails.path("cached_tokens").asLong(0));
        long cacheWrite = Math.min(prompt - cached, promptDetails.path("cache_write_tokens").asLong(0));
        long completion = usage.path("completion_tokens").asLong(0);
        long reasoning = Math.min(completion,
                usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
        return TokenUsage.reported(prompt - cached - cacheWrite, completion, cached, cacheWrite, 0, reasoning);
    }

    private static String requestId(HttpResponse<byte[]> response) {
        return response.headers().firstValue("x-request-id")
                .or(() -> response.headers().firstValue("apim-request-id"))
                .orElse(null);
    }

    private ProviderException failure(HttpResponse<byte[]> response, String requestId) {
        int status = response.statusCode();
        JsonNode body = http.parseQuietly(response).orElse(null);
        JsonNode error = body == null ? null : body.path("error");
        String code = error == null ? "" : error.path("code").asText("");
        String type = error == null ? "" : error.path("type").asText("");
        ProviderErrorClass errorClass = switch (status) {
            case 401, 403 -> ProviderErrorClass.AUTH;
            case 402 -> ProviderErrorClass.QUOTA_EXHAUSTED;
            case 429 -> "insufficient_quota".equals(code) || "insufficient_quota".equals(type)
                    ? ProviderErrorClass.QUOTA_EXHAUSTED : ProviderErrorClass.RATE_LIMITED;
            case 408, 409 -> ProviderErrorClass.UNAVAILABLE;
            case 504 -> ProviderErrorClass.TIMEOUT;
            default -> status >= 500 ? ProviderErrorClass.UNAVAILABLE
                    : "content_filter".equals(code) ? ProviderErrorClass.CONTENT_FILTERED
                    : ProviderErrorClass.BAD_REQUEST;
        };
        return new ProviderException(errorClass, status, requestId, ProviderHttp.retryAfter(response, clock.instant()),
                null);
    }
}
