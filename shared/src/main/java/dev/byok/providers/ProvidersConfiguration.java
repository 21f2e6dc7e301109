package dev.byok.providers;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.net.URI;
import java.time.Duration;

/**
 * Where the providers live and how long a call may take. A base URL is the provider's API root including its version
 * segment ({@code https://api.anthropic.com/v1}); adapters append their paths. Tests, proxies and the local server
 * point these at loopback fakes; deployments normally keep the defaults.
 *
 * @param defaultTimeout a run's provider deadline when the recipe sets none; below the HTTP API's 30 s limit
 */
@ConfigurationProperties("byok.providers")
public record ProvidersConfiguration(
        @Bindable(defaultValue = "https://api.anthropic.com/v1") URI anthropicBaseUrl,
        @Bindable(defaultValue = "https://api.openai.com/v1") URI openaiBaseUrl,
        @Bindable(defaultValue = "https://generativelanguage.googleapis.com/v1beta") URI geminiBaseUrl,
        @Bindable(defaultValue = "25s") Duration defaultTimeout,
        @Bindable(defaultValue = "5s") Duration connectTimeout) {

    public URI baseUrlOf(ProviderKind kind) {
        return switch (kind) {
            case ANTHROPIC -> anthropicBaseUrl;
            case OPENAI -> openaiBaseUrl;
            case GEMINI -> geminiBaseUrl;
            case OPENAI_COMPATIBLE ->
                    throw new IllegalArgumentException("openai-compatible keys carry their own baseUrl");
        };
    }
}
