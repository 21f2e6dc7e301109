package dev.byok.functions.recipes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.byok.keys.KeyService;
import dev.byok.keys.RegisterKeyRequest;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.lambda.LambdaEvents;
import dev.byok.testing.providers.ProviderFakes;
import io.micronaut.context.ApplicationContext;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Keys, recipe bodies and provider replies shaped per provider, for the run tests. */
final class RunFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final AuthenticatedPrincipal ACME = new AuthenticatedPrincipal(new TenantId("acme"), "test");

    private RunFixtures() {
    }

    /** A model each provider's fake serves; the compatible one is not in the price table. */
    static String modelOf(String provider) {
        return switch (provider) {
            case "anthropic" -> "claude-haiku-4-5";
            case "openai" -> "gpt-4o-mini";
            case "gemini" -> "gemini-2.5-flash";
            default -> "llama3.1:8b";
        };
    }

    static String apiKeyFor(String provider) {
        return switch (provider) {
            case "anthropic" -> "sk-ant-" + UUID.randomUUID();
            case "gemini" -> "AIza-" + UUID.randomUUID();
            default -> "sk-" + UUID.randomUUID();
        };
    }

    /** Registers a key through the service (the key-registration function is another artifact). */
    static String registerKey(ApplicationContext context, String provider, String apiKey) {
        String baseUrl = provider.equals("openai-compatible") ? ProviderFakes.openAi().apiBaseUrl() : null;
        return context.getBean(KeyService.class).register(ACME,
                new RegisterKeyRequest(provider, provider + " key " + UUID.randomUUID(), apiKey, null, baseUrl))
                .keyId();
    }

    /** The support-reply recipe of events/recipes-create.json, for another provider and key. */
    static ObjectNode recipeBody(String provider, String keyId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", "Support reply").put("department", "support")
                .put("system", "You answer customers of {{company}} politely.")
                .put("template", "Customer message: {{message}}\nReply in {{language}}.");
        body.putObject("model").put("provider", provider).put("model", modelOf(provider)).put("keyId", keyId);
        body.putObject("parameters").put("maxOutputTokens", 300);
        return body;
    }

    static APIGatewayV2HTTPEvent createEvent(ObjectNode body) {
        return LambdaEvents.withBody(LambdaEvents.load("recipes-create.json", Map.of("keyId", "unused")),
                body.toString());
    }

    static APIGatewayV2HTTPEvent runEvent(String recipeId, String company, String message) {
        return LambdaEvents.load("recipes-run.json", Map.of("recipeId", recipeId, "company", company,
                "message", message));
    }

    static APIGatewayV2HTTPEvent withHeader(APIGatewayV2HTTPEvent event, String name, String value) {
        APIGatewayV2HTTPEvent copy = LambdaEvents.copy(event);
        Map<String, String> headers = new HashMap<>(copy.getHeaders());
        headers.put(name, value);
        copy.setHeaders(headers);
        return copy;
    }

    /** A successful reply in the provider's wire format whose text is {@code text}. */
    static String replyWith(String provider, String text) {
        ObjectNode reply = JSON.createObjectNode();
        switch (provider) {
            case "anthropic" -> {
                reply.put("id", "msg_fixture").put("type", "message").put("role", "assistant")
                        .put("model", modelOf(provider)).put("stop_reason", "end_turn");
                reply.putArray("content").addObject().put("type", "text").put("text", text);
                reply.putObject("usage").put("input_tokens", 12).put("output_tokens", 5);
            }
            case "gemini" -> {
                ObjectNode candidate = reply.putArray("candidates").addObject();
                candidate.putObject("content").put("role", "model").putArray("parts").addObject().put("text", text);
                candidate.put("finishReason", "STOP");
                reply.putObject("usageMetadata").put("promptTokenCount", 12).put("candidatesTokenCount", 5);
                reply.put("modelVersion", modelOf(provider)).put("responseId", "resp_fixture");
            }
            default -> {
                reply.put("id", "chatcmpl-fixture").put("object", "chat.completion").put("model", modelOf(provider));
                ObjectNode choice = reply.putArray("choices").addObject();
                choice.put("index", 0).put("finish_reason", "stop");
                choice.putObject("message").put("role", "assistant").put("content", text);
                reply.putObject("usage").put("prompt_tokens", 12).put("completion_tokens", 5);
            }
        }
        return reply.toString();
    }

    /** A 400 error body in the provider's wire format whose message is {@code message}. */
    static String errorWith(String provider, String message) {
        ObjectNode error = JSON.createObjectNode();
        switch (provider) {
            case "anthropic" -> {
                error.put("type", "error");
                error.putObject("error").put("type", "invalid_request_error").put("message", message);
                error.put("request_id", "req_fixture");
            }
            case "gemini" -> error.putObject("error").put("code", 400).put("message", message)
                    .put("status", "INVALID_ARGUMENT");
            default -> error.putObject("error").put("message", message).put("type", "invalid_request_error")
                    .putNull("param").putNull("code");
        }
        return error.toString();
    }
}
