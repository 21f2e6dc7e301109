package dev.byok.workflows;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.List;

/**
 * A step's input mapping references values that do not exist (absent or null in the workflow input, a field the
 * earlier step's JSON output lacks, an output that is not JSON). The step's recipe is not run. The problems name the
 * step and the references, never a value.
 */
public class WorkflowMappingException extends ServiceException {
    public WorkflowMappingException(String stepName, List<String> problems) {
        super(ErrorCode.INVALID_INPUT, "Step '" + stepName + "' cannot build its input: "
                + (problems.size() == 1 ? "a referenced value is missing." : problems.size()
                + " referenced values are missing."), problems);
    }
}
