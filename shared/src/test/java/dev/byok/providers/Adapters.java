package dev.byok.providers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.json.JacksonFactory;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Adapters wired as in the application, against a provider fake's base URL. */
final class Adapters {
    static final ObjectMapper MAPPER = JacksonFactory.create();
    static final ProviderHttp HTTP = new ProviderHttp(new ProvidersConfiguration(URI.create("http://unused"),
            URI.create("http://unused"), URI.create("http://unused"), Duration.ofSeconds(25), Duration.ofSeconds(2)),
            MAPPER);

    private Adapters() {
    }

    static CompletionRequest request(String baseUrl, String model, String system, String prompt) {
        return new CompletionRequest(URI.create(baseUrl), model, system, prompt, 300, 0.2, Duration.ofSeconds(5),
                null);
    }

    static CompletionRequest withSchema(CompletionRequest request, Map<String, Object> schema) {
        return new CompletionRequest(request.baseUrl(), request.model(), request.system(), request.prompt(),
                request.maxOutputTokens(), request.temperature(), request.timeout(), schema);
    }

    static CompletionRequest withTimeout(CompletionRequest request, Duration timeout) {
        return new CompletionRequest(request.baseUrl(), request.model(), request.system(), request.prompt(),
                request.maxOutputTokens(), request.temperature(), timeout, request.outputSchema());
    }

    /** An output schema with constraints some providers reject. */
    static Map<String, Object> ticketSchema() {
        return Map.of("type", "object",
                "properties", Map.of(
                        "summary", Map.of("type", "string", "minLength", 3, "maxLength", 200),
                        "priority", Map.of("type", "integer", "minimum", 1, "maximum", 5),
                        "kind", Map.of("const", "ticket"),
                        "tags", Map.of("type", "array", "items", Map.of("type", "string", "pattern", "^[a-z]+$"))),
                "required", java.util.List.of("summary", "priority", "kind", "tags"));
    }
}
