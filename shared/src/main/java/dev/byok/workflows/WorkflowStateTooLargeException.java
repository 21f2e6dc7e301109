package dev.byok.workflows;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.List;
import java.util.Map;

/**
 * A run whose Step Functions state could exceed the 256 KiB limit: refused before any step runs (413), with the
 * estimate's parts so the caller sees what to shrink. Also the executor's backstop when a real state would overflow.
 */
public class WorkflowStateTooLargeException extends ServiceException {
    private static final String LIMIT = "the Step Functions state limit of 256 KiB (" + WorkflowLimits.STATE_LIMIT_BYTES
            + " bytes)";

    private WorkflowStateTooLargeException(String detail, Map<String, Object> extensions) {
        super(ErrorCode.PAYLOAD_TOO_LARGE, detail, List.of(), extensions, null);
    }

    /** Refused up front: nothing ran, nothing was spent. */
    public static WorkflowStateTooLargeException refused(StateBudget.Estimate estimate) {
        return new WorkflowStateTooLargeException("This run's state could reach " + estimate.totalBytes()
                + " bytes, over " + LIMIT + ": the input and definition take " + estimate.initialBytes()
                + " bytes and the step outputs the run keeps up to " + estimate.outputBytes() + " bytes (each step's "
                + "maxOutputTokens × " + WorkflowLimits.OUTPUT_BYTES_PER_TOKEN * WorkflowLimits.JSON_ESCAPE_FACTOR
                + " bytes). Send a smaller input, or lower the recipes' maxOutputTokens. No step was run.",
                Map.of("limitBytes", WorkflowLimits.STATE_LIMIT_BYTES, "estimatedBytes", estimate.totalBytes(),
                        "inputBytes", estimate.initialBytes(), "outputBytes", estimate.outputBytes()));
    }

    /** A step's real output made the state too large (its text took more bytes per token than budgeted). */
    public static WorkflowStateTooLargeException overflowed(String stepName, long bytes) {
        return new WorkflowStateTooLargeException("After step '" + stepName + "' the run's state is " + bytes
                + " bytes, over " + LIMIT + ". The run stops here.",
                Map.of("limitBytes", WorkflowLimits.STATE_LIMIT_BYTES, "estimatedBytes", bytes));
    }
}
