package dev.byok.runs;

import dev.byok.pricing.Cost;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** A run's metadata as {@code GET /runs} shows it. */
@Serdeable
public record RunView(String runId, String recipeId, int recipeVersion, String department, String provider,
                      String model, String keyId, String status, @Nullable String errorCode,
                      @Nullable UsageView usage, boolean usageMissing, @Nullable String costUsd,
                      String priceTableVersion, long latencyMs, long providerLatencyMs, int attempts,
                      @Nullable String providerRequestId, Instant createdAt, String day,
                      @Nullable String workflowId, @Nullable String workflowRunId, @Nullable String stepName) {

    public static RunView of(RunRecord run) {
        return new RunView(run.runId(), run.recipeId(), run.recipeVersion(), run.department(), run.provider(),
                run.model(), run.keyId(), run.status().wireName(), run.errorCode(), UsageView.of(run.usage()),
                run.usage() == null, run.costPicoUsd() == null ? null : Cost.usdString(run.costPicoUsd()),
                run.priceTableVersion(), run.latencyMs(), run.providerLatencyMs(), run.attempts(),
                run.providerRequestId(), run.createdAt(), run.day().toString(), run.workflowId(), run.workflowRunId(),
                run.stepName());
    }
}
