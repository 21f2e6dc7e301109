package dev.byok.functions.recipes;

import dev.byok.runs.IdempotencyKey;
import dev.byok.runs.RunRequest;
import dev.byok.runs.RunResult;
import dev.byok.runs.RunService;
import dev.byok.tenancy.AuthenticatedPrincipal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code POST /recipes/{recipeId}/runs}: run a recipe with the tenant's own key; only metadata is kept. */
@Controller("/recipes/{recipeId}/runs")
@Tag(name = "runs")
public class RunsController {
    private final RunService runs;

    public RunsController(RunService runs) {
        this.runs = runs;
    }

    @Post
    @Operation(summary = "Run a recipe: returns the output, token usage and cost; stores metadata only. With an "
            + "Idempotency-Key header, a key already used by a recorded run answers 409 duplicate_run and spends "
            + "nothing.")
    public RunResult run(@Parameter(hidden = true) AuthenticatedPrincipal principal, @PathVariable String recipeId,
                         @Nullable @Header(IdempotencyKey.HEADER) String idempotencyKey,
                         @Nullable @Body RunRequest request) {
        return runs.run(principal, recipeId, request, idempotencyKey);
    }
}
