package dev.byok.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A workflow run stopped at a failed step. The problem has the failed step's own code and status (a rate limit is
 * still a 429, an invalid input a 400), says which step failed and with which Step Functions error, and carries the
 * metadata of every step that ran: the succeeded ones and the failed one. The steps after it never ran.
 */
public class WorkflowStepFailedException extends ServiceException {
    /** Ids a step failure may carry, copied to the problem as they are (never text from a provider). */
    private static final Set<String> STEP_IDS = Set.of("runId", "provider", "providerStatus", "attempts",
            "providerRequestId", "retryAfterSeconds", "keyId", "recipeId", "limitBytes", "estimatedBytes");

    private WorkflowStepFailedException(ErrorCode code, String detail, List<String> errors,
                                        Map<String, Object> extensions) {
        super(code, detail, errors, extensions, null);
    }

    /**
     * @param failure the step's JSON failure (code, status, detail, ids, errors), or null when the step task failed
     *                outside the step's code (Lambda could not run it)
     * @param steps   the reports of the steps before it and of the failed step
     */
    public static WorkflowStepFailedException of(String workflowId, String workflowRunId, String stepName,
                                                 String error, JsonNode failure, List<WorkflowStepReport> steps) {
        ErrorCode code = failure == null ? ErrorCode.DEPENDENCY_UNAVAILABLE
                : ErrorCode.of(failure.path("code").asText(), failure.path("status").asInt())
                .orElse(ErrorCode.INTERNAL_ERROR);
        // The step's detail is its ServiceException's message, written for the caller (generic for 5xx).
        String stepDetail = failure == null ? "Lambda could not run the step (" + error + ")."
                : failure.path("detail").asText(code.title() + ".");
        List<String> errors = new ArrayList<>();
        if (failure != null) {
            failure.path("errors").forEach(entry -> errors.add(entry.asText()));
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("workflowId", workflowId);
        extensions.put("workflowRunId", workflowRunId);
        extensions.put("failedStep", stepName);
        extensions.put("error", error);
        if (failure != null) {
            failure.properties().forEach(field -> {
                if (STEP_IDS.contains(field.getKey()) && field.getValue().isValueNode()
                        && !field.getValue().isNull()) {
                    extensions.put(field.getKey(), field.getValue().isNumber() ? field.getValue().numberValue()
                            : field.getValue().asText());
                }
            });
        }
        extensions.put("steps", steps);
        return new WorkflowStepFailedException(code, "Workflow step '" + stepName + "' failed: " + stepDetail
                + " The steps after it did not run.", errors, extensions);
    }
}
