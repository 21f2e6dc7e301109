package dev.byok.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.byok.runs.RunResult;
import dev.byok.runs.UsageView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What a workflow run tells about one of its steps: metadata only (the same the step's run item keeps), never its
 * input or output. Travels in the state machine's state and comes back in the run's response, also when a later
 * step failed.
 *
 * @param status    {@code succeeded}, or the failed step's run status ({@code failed}, {@code invalid_output})
 * @param errorCode the stable error code of a failed step
 */
@Serdeable
public record WorkflowStepReport(String stepName, String recipeId, String status, @Nullable String runId,
                                 @Nullable String provider, @Nullable String model, @Nullable UsageView usage,
                                 @Nullable String costUsd, @Nullable Long latencyMs, @Nullable Long providerLatencyMs,
                                 @Nullable Integer attempts, @Nullable String errorCode) {
    /** The report of a step that ran and succeeded. */
    public static WorkflowStepReport succeeded(String stepName, RunResult run) {
        return new WorkflowStepReport(stepName, run.recipeId(), run.status(), run.runId(), run.provider(),
                run.model(), run.usage(), run.costUsd(), run.latencyMs(), run.providerLatencyMs(), run.attempts(),
                null);
    }

    /**
     * The report of the step that failed, from its JSON failure (or none, when the step task failed outside the
     * step's code): its run id when the failure was recorded as a run, the provider and attempts when the provider
     * failed.
     */
    public static WorkflowStepReport failed(WorkflowStep step, String errorCode, JsonNode failure) {
        JsonNode details = failure == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : failure;
        return new WorkflowStepReport(step.name(), step.recipeId(),
                "invalid_output".equals(errorCode) ? "invalid_output" : "failed", details.path("runId").asText(null),
                details.path("provider").asText(null), null, null, null, null, null,
                details.path("attempts").isInt() ? details.get("attempts").asInt() : null, errorCode);
    }
}
