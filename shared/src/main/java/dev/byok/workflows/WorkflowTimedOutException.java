package dev.byok.workflows;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.List;
import java.util.Map;

/**
 * A workflow run did not finish within {@link WorkflowLimits#RUN_TIMEOUT}: 504. The steps that ran are recorded
 * (GET /runs shows them with the workflow run id); chains that need longer belong in a state machine of the team's
 * own (docs/STEP-FUNCTIONS.md).
 */
public class WorkflowTimedOutException extends ServiceException {
    public WorkflowTimedOutException(String workflowId, String workflowRunId) {
        super(ErrorCode.WORKFLOW_TIMEOUT, "The workflow run did not finish within "
                        + WorkflowLimits.RUN_TIMEOUT.toSeconds() + " seconds, the time a run answered over the HTTP "
                        + "API can take. Steps that ran are recorded under this workflowRunId; run longer chains from "
                        + "a state machine of your own.", List.of(),
                Map.of("workflowId", workflowId, "workflowRunId", workflowRunId,
                        "timeoutSeconds", WorkflowLimits.RUN_TIMEOUT.toSeconds()), null);
    }
}
