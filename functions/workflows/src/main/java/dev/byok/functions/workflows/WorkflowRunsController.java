package dev.byok.functions.workflows;

import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.workflows.WorkflowRunRequest;
import dev.byok.workflows.WorkflowRunResult;
import dev.byok.workflows.WorkflowService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code POST /workflows/{workflowId}/runs}: run every step in order; only each step's metadata is kept. */
@Controller("/workflows/{workflowId}/runs")
@Tag(name = "workflow runs")
public class WorkflowRunsController {
    private final WorkflowService workflows;

    public WorkflowRunsController(WorkflowService workflows) {
        this.workflows = workflows;
    }

    @Post
    @Operation(summary = "Run a workflow: returns the last step's output and every step's metadata (status, provider, "
            + "model, tokens, cost, latency). Refused up front, spending nothing, when the input lacks a mapped value "
            + "(400) or the run's Step Functions state could exceed 256 KiB (413); a failed step stops the run and "
            + "the problem names it, with its own error code.")
    public WorkflowRunResult run(@Parameter(hidden = true) AuthenticatedPrincipal principal,
                                 @PathVariable String workflowId, @Nullable @Body WorkflowRunRequest request) {
        return workflows.run(principal, workflowId, request);
    }
}
