package dev.byok.workflows;

import dev.byok.recipes.ModelSelection;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * One step of a workflow: a recipe, optionally run on another model (per-step override, validated like a run's) and
 * accounted to another department, with the input mapping that builds the recipe's input from the workflow input and
 * earlier steps' outputs (see {@link InputMapping}; absent: the workflow input as it is). Configuration, never data.
 *
 * @param name a name unique in the workflow, used in {@code {{steps.<name>.output}}} and recorded with the step's run
 */
@Serdeable
public record WorkflowStep(@Nullable String name, @Nullable String recipeId, @Nullable ModelSelection model,
                           @Nullable String department, @Nullable Map<String, Object> input) {
}
