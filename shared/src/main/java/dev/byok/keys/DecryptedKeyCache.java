package dev.byok.keys;

import dev.byok.crypto.KeyVaultConfiguration;
import dev.byok.providers.ProviderCredential;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * In-process cache of decrypted keys, bounded by entries and TTL, keyed by tenant + key id + version so a rotated
 * key's old value is never served. Starts empty and is only filled by runs (never during initialisation, so a
 * SnapStart snapshot holds no key). {@code cache-max-entries: 0} or {@code cache-ttl: 0s} disables it.
 */
@Singleton
public class DecryptedKeyCache {
    private final int maxEntries;
    private final Duration ttl;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    public DecryptedKeyCache(KeyVaultConfiguration configuration) {
        this(configuration.cacheMaxEntries(), configuration.cacheTtl(), Clock.systemUTC());
    }

    DecryptedKeyCache(int maxEntries, Duration ttl, Clock clock) {
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        this.clock = clock;
    }

    private boolean enabled() {
        return maxEntries > 0 && !ttl.isZero();
    }

    public synchronized Optional<ProviderCredential> get(String tenant, String keyId, int version) {
        if (!enabled()) {
            return Optional.empty();
        }
        String cacheKey = cacheKey(tenant, keyId, version);
        Entry entry = entries.get(cacheKey);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(cacheKey);
            return Optional.empty();
        }
        return Optional.of(entry.credential());
    }

    public synchronized void put(String tenant, String keyId, int version, ProviderCredential credential) {
        put(tenant, keyId, version, credential, ttl);
    }

    /** Caches for {@code maxTtl} or the configured TTL, whichever is shorter ({@code 0} caches nothing). */
    public synchronized void put(String tenant, String keyId, int version, ProviderCredential credential,
                                 Duration maxTtl) {
        Duration lifetime = maxTtl.compareTo(ttl) < 0 ? maxTtl : ttl;
        if (!enabled() || lifetime.isZero() || lifetime.isNegative()) {
            return;
        }
        entries.put(cacheKey(tenant, keyId, version), new Entry(credential, clock.instant().plus(lifetime)));
        while (entries.size() > maxEntries) {
            entries.remove(entries.keySet().iterator().next());
        }
    }

    /** Drops every version of a key (after a provider 401, a rotation or a deletion). */
    public synchronized void evict(String tenant, String keyId) {
        String prefix = tenant + "\u0000" + keyId + "@";
        entries.keySet().removeIf(cacheKey -> cacheKey.startsWith(prefix));
    }

    public synchronized int size() {
        return entries.size();
    }

    private static String cacheKey(String tenant, String keyId, int version) {
        return tenant + "\u0000" + keyId + "@" + version;
    }

    private record Entry(ProviderCredential credential, Instant expiresAt) {
    }

    @Override
    public String toString() {
        return "DecryptedKeyCache[entries=" + entries.size() + "]";
    }
}
