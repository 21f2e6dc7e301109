package dev.byok.runs;

import dev.byok.keys.KeyRepository;
import dev.byok.keys.ProviderKey;
import dev.byok.recipes.RecipeRepository;
import dev.byok.settings.TenantSettings;
import dev.byok.settings.TenantSettingsRepository;
import dev.byok.tenancy.TenantId;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory {@link RunPrerequisites} for unit tests and the benchmarks: reads the same in-memory repositories the
 * other fakes write, and counts the batched reads (round trips) it was asked for.
 */
public class InMemoryRunPrerequisites implements RunPrerequisites {
    private final RecipeRepository recipes;
    private final KeyRepository keys;
    private final IdempotencyRecords claims;
    private final TenantSettingsRepository settings;
    private final AtomicInteger reads = new AtomicInteger();

    public InMemoryRunPrerequisites(RecipeRepository recipes, KeyRepository keys, IdempotencyRecords claims,
                                    TenantSettingsRepository settings) {
        this.recipes = recipes;
        this.keys = keys;
        this.claims = claims;
        this.settings = settings;
    }

    @Override
    public Found read(TenantId tenant, Wanted wanted) {
        reads.incrementAndGet();
        Map<String, ProviderKey> found = new HashMap<>();
        wanted.keyIds().forEach(keyId -> keys.find(tenant, keyId).ifPresent(key -> found.put(keyId, key)));
        return new Found(recipes.find(tenant, wanted.recipeId()), found,
                wanted.idempotencyDigest() == null ? Optional.empty()
                        : claims.find(tenant, wanted.idempotencyDigest()),
                wanted.settings() ? Optional.of(settings.find(tenant).orElse(TenantSettings.DEFAULTS))
                        : Optional.empty());
    }

    /** Batched reads so far. */
    public int reads() {
        return reads.get();
    }
}
