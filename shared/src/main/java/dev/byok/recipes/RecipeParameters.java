package dev.byok.recipes;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Generation parameters sent to the provider. Absent values take the defaults in {@link RecipeService}. */
@Serdeable
public record RecipeParameters(@Nullable Integer maxOutputTokens, @Nullable Double temperature) {
}
