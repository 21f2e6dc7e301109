package dev.byok.workflows;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * Response of a workflow run: the last step's output (returned, never kept) and every step's metadata.
 *
 * @param costUsd   the steps' costs added up exactly, or null when a step's model is not priced
 * @param latencyMs the whole run, as this product measured it
 */
@Serdeable
public record WorkflowRunResult(String workflowRunId, String workflowId, int workflowVersion, String status,
                                String output, List<WorkflowStepReport> steps, @Nullable String costUsd,
                                long latencyMs) {
    @Override
    public String toString() {
        return "WorkflowRunResult[workflowRunId=" + workflowRunId + ", status=" + status + "]";
    }
}
