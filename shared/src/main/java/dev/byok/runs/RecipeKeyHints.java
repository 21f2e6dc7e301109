package dev.byok.runs;

import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which key each recipe named when this execution environment last ran it, so the next run can read recipe and key
 * in one round trip. Only a hint: the run uses a key read this way only when the recipe read with it still names
 * that key, and reads the right one separately otherwise. Key ids are not secrets; the map is bounded (least
 * recently used entries go first) and starts empty, so nothing of it is in a SnapStart snapshot.
 */
@Singleton
public class RecipeKeyHints {
    static final int MAX_ENTRIES = 4096;

    private final Map<String, String> keyByRecipe = new LinkedHashMap<>(64, 0.75f, true);

    /** The key the recipe named last time, if this environment has run it. */
    public Optional<String> keyOf(TenantId tenant, String recipeId) {
        synchronized (keyByRecipe) {
            return Optional.ofNullable(keyByRecipe.get(entry(tenant, recipeId)));
        }
    }

    /** Remembers the key the recipe names now. */
    public void remember(TenantId tenant, String recipeId, String keyId) {
        synchronized (keyByRecipe) {
            keyByRecipe.put(entry(tenant, recipeId), keyId);
            if (keyByRecipe.size() > MAX_ENTRIES) {
                keyByRecipe.remove(keyByRecipe.keySet().iterator().next());
            }
        }
    }

    int size() {
        synchronized (keyByRecipe) {
            return keyByRecipe.size();
        }
    }

    private static String entry(TenantId tenant, String recipeId) {
        return tenant.value() + '\n' + recipeId;
    }
}
