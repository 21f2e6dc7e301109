package dev.byok.recipes;

import dev.byok.tenancy.TenantId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory {@link RecipeRepository} for unit tests, with the adapter's rules (per tenant, version-checked). */
public class InMemoryRecipeRepository implements RecipeRepository {
    private final Map<TenantId, Map<String, Recipe>> recipes = new HashMap<>();

    @Override
    public synchronized void create(TenantId tenant, Recipe recipe) {
        if (tenantRecipes(tenant).putIfAbsent(recipe.recipeId(), recipe) != null) {
            throw new IllegalStateException("recipe id collision");
        }
    }

    @Override
    public synchronized Optional<Recipe> find(TenantId tenant, String recipeId) {
        return Optional.ofNullable(tenantRecipes(tenant).get(recipeId));
    }

    @Override
    public synchronized List<Recipe> list(TenantId tenant) {
        List<Recipe> list = new ArrayList<>(tenantRecipes(tenant).values());
        list.sort(Comparator.comparing(Recipe::createdAt));
        return list;
    }

    @Override
    public synchronized boolean replace(TenantId tenant, Recipe recipe, int expectedVersion) {
        Recipe stored = tenantRecipes(tenant).get(recipe.recipeId());
        if (stored == null || stored.version() != expectedVersion) {
            return false;
        }
        tenantRecipes(tenant).put(recipe.recipeId(), recipe);
        return true;
    }

    @Override
    public synchronized boolean delete(TenantId tenant, String recipeId) {
        return tenantRecipes(tenant).remove(recipeId) != null;
    }

    private Map<String, Recipe> tenantRecipes(TenantId tenant) {
        return recipes.computeIfAbsent(tenant, ignored -> new HashMap<>());
    }
}
