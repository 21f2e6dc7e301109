package dev.byok.runs;

import dev.byok.recipes.ModelSelection;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * Body of {@code POST /recipes/{recipeId}/runs}: the input the templates are rendered with, and optional per-run
 * overrides of the model selection and the department the run is accounted to. Never stored or logged.
 */
@Serdeable
public record RunRequest(@Nullable Map<String, Object> input, @Nullable ModelSelection model,
                         @Nullable String department) {
    @Override
    public String toString() {
        return "RunRequest[redacted]";
    }
}
