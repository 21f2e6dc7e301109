package dev.byok.settings;

import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The time zone a tenant's usage days are counted in, read from its settings and kept in process for a minute so a
 * warm run does not pay a read for it. A changed zone therefore applies to runs within a minute.
 */
@Singleton
public class TenantTimeZones {
    private static final Duration TTL = Duration.ofMinutes(1);
    private static final int MAX_ENTRIES = 1024;

    private final TenantSettingsRepository settings;
    private final Clock clock;
    private final Map<String, Entry> cache = new LinkedHashMap<>(16, 0.75f, true);

    public TenantTimeZones(TenantSettingsRepository settings) {
        this(settings, Clock.systemUTC());
    }

    TenantTimeZones(TenantSettingsRepository settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public ZoneId zoneOf(TenantId tenant) {
        return cached(tenant).orElseGet(() -> remember(tenant,
                settings.find(tenant).orElse(TenantSettings.DEFAULTS)));
    }

    /**
     * The tenant's zone if this environment read it less than a minute ago; empty otherwise, and the caller may then
     * read the settings itself (the run path does, in its one batched read) and pass them to {@link #remember}.
     */
    public Optional<ZoneId> cached(TenantId tenant) {
        Instant now = clock.instant();
        synchronized (cache) {
            Entry entry = cache.get(tenant.value());
            return entry != null && now.isBefore(entry.expiresAt()) ? Optional.of(entry.zone()) : Optional.empty();
        }
    }

    /** Keeps the zone of settings just read (the stored ones, or the defaults) for a minute and returns it. */
    public ZoneId remember(TenantId tenant, TenantSettings read) {
        ZoneId zone = read.zone();
        Instant now = clock.instant();
        synchronized (cache) {
            cache.put(tenant.value(), new Entry(zone, now.plus(TTL)));
            if (cache.size() > MAX_ENTRIES) {
                cache.remove(cache.keySet().iterator().next());
            }
        }
        return zone;
    }

    /** The calendar day {@code instant} falls on in the tenant's zone: the day a run is counted on. */
    public LocalDate dayOf(TenantId tenant, Instant instant) {
        return LocalDate.ofInstant(instant, zoneOf(tenant));
    }

    /** Forgets a tenant's cached zone (after its settings change in this execution environment). */
    public void forget(TenantId tenant) {
        synchronized (cache) {
            cache.remove(tenant.value());
        }
    }

    private record Entry(ZoneId zone, Instant expiresAt) {
    }
}
