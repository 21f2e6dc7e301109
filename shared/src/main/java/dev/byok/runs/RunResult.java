package dev.byok.runs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Response of a run: the provider's output (returned, never kept), usage, exact cost ({@code null} when the model
 * is not priced) and timings. {@code latencyMs} is the whole run; {@code providerLatencyMs} the provider's share.
 */
@Serdeable
public record RunResult(String runId, String status, String output, @Nullable UsageView usage,
                        @Nullable String costUsd, String priceTableVersion, String provider, String model,
                        String recipeId, int recipeVersion, long latencyMs, long providerLatencyMs, int attempts,
                        @Nullable String providerRequestId) {
    @Override
    public String toString() {
        return "RunResult[runId=" + runId + ", status=" + status + "]";
    }
}
