package dev.byok.functions.recipes;

import dev.byok.recipes.Recipe;
import dev.byok.recipes.RecipeRequest;
import dev.byok.recipes.RecipeService;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.web.Items;
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

/** {@code /recipes}: create, list, show, update (new version) and delete recipes. */
@Controller("/recipes")
@Tag(name = "recipes")
public class RecipesController {
    private final RecipeService recipes;

    public RecipesController(RecipeService recipes) {
        this.recipes = recipes;
    }

    @Post
    @Status(HttpStatus.CREATED)
    @Operation(summary = "Create a recipe (templates, schemas, model selection, parameters)")
    public Recipe create(@Parameter(hidden = true) AuthenticatedPrincipal principal,
                         @Nullable @Body RecipeRequest request) {
        return recipes.create(principal, request);
    }

    @Get
    @Operation(summary = "List the tenant's recipes")
    public Items<Recipe> list(@Parameter(hidden = true) AuthenticatedPrincipal principal) {
        return new Items<>(recipes.list(principal));
    }

    @Get("/{recipeId}")
    @Operation(summary = "Show a recipe")
    public Recipe get(@Parameter(hidden = true) AuthenticatedPrincipal principal, @PathVariable String recipeId) {
        return recipes.get(principal, recipeId);
    }

    @Put("/{recipeId}")
    @Operation(summary = "Replace a recipe; its version is bumped")
    public Recipe update(@Parameter(hidden = true) AuthenticatedPrincipal principal, @PathVariable String recipeId,
                         @Nullable @Body RecipeRequest request) {
        return recipes.update(principal, recipeId, request);
    }

    @Delete("/{recipeId}")
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a recipe (its runs' metadata and usage stay)")
    public void delete(@Parameter(hidden = true) AuthenticatedPrincipal principal, @PathVariable String recipeId) {
        recipes.delete(principal, recipeId);
    }
}
