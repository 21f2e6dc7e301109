package dev.byok.recipes;

import dev.byok.tenancy.TenantId;

import java.util.List;
import java.util.Optional;

/** Port: a tenant's recipes. */
public interface RecipeRepository {
    void create(TenantId tenant, Recipe recipe);

    Optional<Recipe> find(TenantId tenant, String recipeId);

    List<Recipe> list(TenantId tenant);

    /** Replaces the recipe if its stored version is still {@code expectedVersion}; false otherwise. */
    boolean replace(TenantId tenant, Recipe recipe, int expectedVersion);

    boolean delete(TenantId tenant, String recipeId);
}
