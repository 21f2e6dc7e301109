package dev.byok.runs;

import dev.byok.recipes.ModelSelection;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * One recipe step of a workflow, as the Step Functions task passes it to the step handler (direct invocation, not
 * through the HTTP API). The tenant comes from the state machine input that this product's own workflow service
 * builds from an authenticated request; only the state machine may invoke the handler. Never stored or logged.
 *
 * @param executionId the state machine execution ({@code $$.Execution.Id}); with {@code stepName} it makes the
 *                    run's idempotency key, so a retried or repeated step records once
 * @param stepName    the step's name in the workflow ({@code $$.State.Name} or the workflow's own step name)
 * @param model       the step's model selection, overriding the recipe's (per-step model)
 */
@Serdeable
public record StepRunRequest(@Nullable String tenantId, @Nullable String recipeId,
                             @Nullable Map<String, Object> input, @Nullable ModelSelection model,
                             @Nullable String department, @Nullable String workflowId, @Nullable String executionId,
                             @Nullable String stepName) {
    @Override
    public String toString() {
        return "StepRunRequest[recipeId=" + recipeId + ", stepName=" + stepName + "]";
    }
}
