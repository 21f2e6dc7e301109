package dev.byok.workflows;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * The state of a workflow run as it travels through the state machine (statemachines/workflow.asl.json), and
 * through the in-process runner the same way: the input and output of every step task. It carries the tenant (set
 * by {@link WorkflowService} from the authenticated principal), the definition as validated when the run started,
 * the workflow input, and only the step outputs that a later step's mapping reads, plus the last step's output.
 * Step Functions logs it only if its logging includes execution data, which template.yaml turns off.
 *
 * @param stepIndex the next step to run; the state machine loops while it is below {@code stepCount}
 * @param outputs   step name → output text, for the steps whose output a later mapping references
 * @param output    the last step's output, once it ran
 * @param results   metadata of the steps that ran, in order
 */
@Serdeable
public record WorkflowState(@Nullable String tenantId, @Nullable String workflowId, @Nullable String workflowRunId,
                            @Nullable List<WorkflowStep> steps, @Nullable Map<String, Object> input, int stepIndex,
                            int stepCount, @Nullable Map<String, String> outputs, @Nullable String output,
                            @Nullable List<WorkflowStepReport> results) {
    @Override
    public String toString() {
        return "WorkflowState[workflowRunId=" + workflowRunId + ", stepIndex=" + stepIndex + "]";
    }
}
