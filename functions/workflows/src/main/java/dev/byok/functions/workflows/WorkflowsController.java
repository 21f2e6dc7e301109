package dev.byok.functions.workflows;

import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.web.Items;
import dev.byok.workflows.Workflow;
import dev.byok.workflows.WorkflowRequest;
import dev.byok.workflows.WorkflowService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code /workflows}: create, list, show, update (new version) and delete workflow definitions. */
@Controller("/workflows")
@Tag(name = "workflows")
public class WorkflowsController {
    private final WorkflowService workflows;

    public WorkflowsController(WorkflowService workflows) {
        this.workflows = workflows;
    }

    @Post
    @Status(HttpStatus.CREATED)
    @Operation(summary = "Create a workflow: a name and 1 to 10 steps, each a recipe with an optional model override "
            + "and an input mapping from {{input.x}} and {{steps.<name>.output[.field]}}")
    public Workflow create(@Parameter(hidden = true) AuthenticatedPrincipal principal,
                           @Nullable @Body WorkflowRequest request) {
        return workflows.create(principal, request);
    }

    @Get
    @Operation(summary = "List the tenant's workflows")
    public Items<Workflow> list(@Parameter(hidden = true) AuthenticatedPrincipal principal) {
        return new Items<>(workflows.list(principal));
    }

    @Get("/{workflowId}")
    @Operation(summary = "Show a workflow")
    public Workflow get(@Parameter(hidden = true) AuthenticatedPrincipal principal, @PathVariable String workflowId) {
        return workflows.get(principal, workflowId);
    }

    @Put("/{workflowId}")
    @Operation(summary = "Replace a workflow; its version is bumped")
    public Workflow update(@Parameter(hidden = true) AuthenticatedPrincipal principal, @PathVariable String workflowId,
                           @Nullable @Body WorkflowRequest request) {
        return workflows.update(principal, workflowId, request);
    }

    @Delete("/{workflowId}")
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a workflow (its steps' run metadata and usage stay)")
    public void delete(@Parameter(hidden = true) AuthenticatedPrincipal principal, @PathVariable String workflowId) {
        workflows.delete(principal, workflowId);
    }
}
