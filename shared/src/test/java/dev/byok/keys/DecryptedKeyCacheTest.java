package dev.byok.keys;

import dev.byok.providers.ProviderCredential;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecryptedKeyCacheTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void serves_only_the_version_it_was_filled_with() {
        DecryptedKeyCache cache = new DecryptedKeyCache(10, Duration.ofMinutes(5), clock);
        cache.put("acme", "key_a", 1, new ProviderCredential("sk-old-value"));
        assertTrue(cache.get("acme", "key_a", 1).isPresent());
        assertFalse(cache.get("acme", "key_a", 2).isPresent(), "a rotated key must not be served from the old entry");
        assertFalse(cache.get("globex", "key_a", 1).isPresent(), "entries are per tenant");
    }

    @Test
    void entries_expire_after_the_ttl() {
        DecryptedKeyCache cache = new DecryptedKeyCache(10, Duration.ofMinutes(5), clock);
        cache.put("acme", "key_a", 1, new ProviderCredential("sk-value-1"));
        now.set(now.get().plus(Duration.ofMinutes(5)));
        assertFalse(cache.get("acme", "key_a", 1).isPresent());
    }

    @Test
    void is_bounded_and_drops_the_least_recently_used_entry() {
        DecryptedKeyCache cache = new DecryptedKeyCache(2, Duration.ofMinutes(5), clock);
        cache.put("acme", "key_a", 1, new ProviderCredential("sk-value-a"));
        cache.put("acme", "key_b", 1, new ProviderCredential("sk-value-b"));
        cache.get("acme", "key_a", 1);
        cache.put("acme", "key_c", 1, new ProviderCredential("sk-value-c"));
        assertEquals(2, cache.size());
        assertTrue(cache.get("acme", "key_a", 1).isPresent());
        assertFalse(cache.get("acme", "key_b", 1).isPresent());
    }

    @Test
    void zero_size_or_zero_ttl_disables_it() {
        DecryptedKeyCache bySize = new DecryptedKeyCache(0, Duration.ofMinutes(5), clock);
        bySize.put("acme", "key_a", 1, new ProviderCredential("sk-value-a"));
        assertFalse(bySize.get("acme", "key_a", 1).isPresent());
        DecryptedKeyCache byTtl = new DecryptedKeyCache(10, Duration.ZERO, clock);
        byTtl.put("acme", "key_a", 1, new ProviderCredential("sk-value-a"));
        assertFalse(byTtl.get("acme", "key_a", 1).isPresent());
    }

    @Test
    void evicting_a_key_drops_all_its_versions() {
        DecryptedKeyCache cache = new DecryptedKeyCache(10, Duration.ofMinutes(5), clock);
        cache.put("acme", "key_a", 1, new ProviderCredential("sk-value-1"));
        cache.put("acme", "key_a", 2, new ProviderCredential("sk-value-2"));
        cache.put("acme", "key_b", 1, new ProviderCredential("sk-value-3"));
        cache.evict("acme", "key_a");
        assertEquals(1, cache.size());
    }

    @Test
    void an_entry_can_be_given_a_shorter_lifetime_but_never_a_longer_one() {
        DecryptedKeyCache cache = new DecryptedKeyCache(10, Duration.ofMinutes(5), clock);
        cache.put("acme", "key_ref", 1, new ProviderCredential("sk-referenced"), Duration.ofMinutes(1));
        cache.put("acme", "key_long", 1, new ProviderCredential("sk-by-value"), Duration.ofHours(1));
        now.set(now.get().plus(Duration.ofSeconds(61)));
        assertFalse(cache.get("acme", "key_ref", 1).isPresent());
        assertTrue(cache.get("acme", "key_long", 1).isPresent());
        now.set(now.get().plus(Duration.ofMinutes(4)));
        assertFalse(cache.get("acme", "key_long", 1).isPresent(), "capped at the configured TTL");
        cache.put("acme", "key_zero", 1, new ProviderCredential("sk-zero-ttl"), Duration.ZERO);
        assertEquals(0, cache.size());
    }

    @Test
    void a_credential_never_prints_its_value() {
        assertFalse(new ProviderCredential("sk-secret-value").toString().contains("secret"));
    }
}
