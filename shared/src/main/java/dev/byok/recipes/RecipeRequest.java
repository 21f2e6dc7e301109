package dev.byok.recipes;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** Body of {@code POST /recipes} and {@code PUT /recipes/{recipeId}}; validated by {@link RecipeService}. */
@Serdeable
public record RecipeRequest(@Nullable String name, @Nullable String department, @Nullable String system,
                            @Nullable String template, @Nullable Map<String, Object> inputSchema,
                            @Nullable Map<String, Object> outputSchema, @Nullable ModelSelection model,
                            @Nullable RecipeParameters parameters, @Nullable Integer timeoutSeconds,
                            @Nullable ModelSelection fallback) {
}
