package dev.byok.recipes;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;

/**
 * A recipe: prompt templates with {@code {{variables}}}, the schemas its input (and optionally output) must follow,
 * the model that runs it and generation parameters. Versioned: every update bumps {@code version} and each run
 * records the version it used. Also the API's view of a recipe.
 *
 * @param timeoutSeconds provider deadline for a run, null for the deployment default
 * @param fallback       model selection tried when the primary fails with a retryable error, or null
 */
@Serdeable
public record Recipe(String recipeId, String name, String department, @Nullable String system, String template,
                     @Nullable Map<String, Object> inputSchema, @Nullable Map<String, Object> outputSchema,
                     ModelSelection model, RecipeParameters parameters, @Nullable Integer timeoutSeconds,
                     @Nullable ModelSelection fallback, int version, Instant createdAt, Instant updatedAt) {
}
