package dev.byok.workflows;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;
import dev.byok.ids.Ids;

import java.util.List;
import java.util.Map;

/** No workflow with that id for this tenant (another tenant's workflow answers the same: 404). */
public class WorkflowNotFoundException extends ServiceException {
    public WorkflowNotFoundException(String workflowId) {
        super(ErrorCode.WORKFLOW_NOT_FOUND, Ids.looksLikeId(workflowId) ? "No workflow " + workflowId
                        + " exists for this tenant." : "No such workflow exists for this tenant.", List.of(),
                Ids.looksLikeId(workflowId) ? Map.of("workflowId", workflowId) : Map.of(), null);
    }
}
