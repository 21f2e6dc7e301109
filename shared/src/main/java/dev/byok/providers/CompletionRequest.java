package dev.byok.providers;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One model call, provider-neutral: the rendered prompts, the model and its parameters. Lives only for the duration
 * of the call; never stored or logged.
 *
 * @param baseUrl          the provider's API base (configured per provider, or the key's own for openai-compatible)
 * @param system           the rendered system prompt, or null
 * @param prompt           the rendered user prompt
 * @param maxOutputTokens  the output cap sent to the provider
 * @param temperature      null to leave the provider's default
 * @param timeout          the whole call's deadline
 * @param outputSchema     a JSON Schema the reply must follow, or null for free text
 */
public record CompletionRequest(URI baseUrl, String model, String system, String prompt, int maxOutputTokens,
                                Double temperature, Duration timeout, Map<String, Object> outputSchema) {
    @Override
    public String toString() {
        return "CompletionRequest[model=" + model + ", maxOutputTokens=" + maxOutputTokens + "]";
    }
}
