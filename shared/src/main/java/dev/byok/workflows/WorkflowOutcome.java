package dev.byok.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/** How a workflow run ended, as a {@link WorkflowRunner} reports it. */
public sealed interface WorkflowOutcome {

    /** Every step succeeded; {@code output} is the last step's. */
    record Succeeded(String output, List<WorkflowStepReport> steps) implements WorkflowOutcome {
    }

    /**
     * A step failed and the run stopped there: later steps never ran.
     *
     * @param stepIndex the failed step
     * @param error     the Step Functions error name ({@link dev.byok.runs.StepFailure#errorName()}, or a
     *                  Step Functions or Lambda error such as {@code Lambda.ServiceException})
     * @param failure   the step's error message as JSON ({@link dev.byok.runs.StepFailure#json()}), or null when the
     *                  error did not come from the step's code
     * @param steps     metadata of the steps that succeeded before it
     */
    record StepFailed(int stepIndex, String error, @Nullable JsonNode failure, List<WorkflowStepReport> steps)
            implements WorkflowOutcome {
    }

    /** The run did not finish within {@link WorkflowLimits#RUN_TIMEOUT}. */
    record TimedOut() implements WorkflowOutcome {
    }
}
