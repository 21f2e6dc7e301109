package dev.byok.runs;

import dev.byok.keys.ProviderKey;
import dev.byok.recipes.Recipe;
import dev.byok.settings.TenantSettings;
import dev.byok.tenancy.TenantId;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Port: what a run reads before it calls a provider (the recipe, keys, the idempotency claim and, when the time-zone
 * cache has none, the tenant's settings), all strongly consistent and in one round trip, so that a rotation, a
 * deletion or a claim made anywhere is seen by the very next run.
 */
public interface RunPrerequisites {

    /** Reads the items {@code wanted} names in the tenant's partition; absent items are simply not in the result. */
    Found read(TenantId tenant, Wanted wanted);

    /**
     * What to read.
     *
     * @param recipeId          the recipe (always read)
     * @param keyIds            provider keys to read with it: a run's model override, or the key the recipe named
     *                          last time (a hint; the caller checks it against the recipe that comes back)
     * @param idempotencyDigest the digest of the run's idempotency key, or null
     * @param settings          whether to read the tenant's settings item as well
     */
    record Wanted(String recipeId, Set<String> keyIds, String idempotencyDigest, boolean settings) {
        public Wanted {
            keyIds = Set.copyOf(keyIds);
        }
    }

    /**
     * What was found.
     *
     * @param recipe   the recipe, or empty when the tenant has none with that id
     * @param keys     the wanted keys that exist, by key id
     * @param claim    the run holding the idempotency key, or empty (also when no digest was wanted)
     * @param settings when settings were wanted: the stored ones, or {@link TenantSettings#DEFAULTS} when the tenant
     *                 never saved any; empty when they were not wanted
     */
    record Found(Optional<Recipe> recipe, Map<String, ProviderKey> keys,
                 Optional<IdempotencyRecords.ClaimedRun> claim, Optional<TenantSettings> settings) {
        public Found {
            keys = Map.copyOf(keys);
        }
    }
}
