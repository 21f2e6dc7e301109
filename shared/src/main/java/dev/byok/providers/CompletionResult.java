package dev.byok.providers;

import java.time.Duration;

/**
 * A provider's answer: the text (returned to the caller, never stored), the normalised usage (null when the provider
 * sent none), the provider's request id, the model it reports, and how long the HTTP exchange took.
 */
public record CompletionResult(String text, TokenUsage usage, String providerRequestId, String reportedModel,
                               String stopReason, Duration providerLatency) {
    public CompletionResult {
        providerRequestId = ProviderRequestIds.sanitize(providerRequestId);
    }

    @Override
    public String toString() {
        return "CompletionResult[providerRequestId=" + providerRequestId + ", usage=" + usage + "]";
    }
}
