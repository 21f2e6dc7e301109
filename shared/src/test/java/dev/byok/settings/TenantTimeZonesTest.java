package dev.byok.settings;

import dev.byok.tenancy.TenantId;
import dev.byok.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-environment cache of tenant zones: one settings read a minute per tenant, at most. */
class TenantTimeZonesTest {
    private static final TenantId ACME = new TenantId("acme");

    @Test
    void a_zone_is_read_once_a_minute_and_a_change_is_seen_after_that() {
        InMemoryTenantSettingsRepository repository = new InMemoryTenantSettingsRepository();
        repository.save(ACME, new TenantSettings("Europe/Berlin"));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-10T09:00:00Z"));
        TenantTimeZones zones = new TenantTimeZones(repository, clock);

        assertEquals(ZoneId.of("Europe/Berlin"), zones.zoneOf(ACME));
        repository.save(ACME, new TenantSettings("Asia/Kolkata")); // changed elsewhere, e.g. another function
        clock.advance(Duration.ofSeconds(59));
        assertEquals(ZoneId.of("Europe/Berlin"), zones.zoneOf(ACME));
        assertEquals(1, repository.reads());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(ZoneId.of("Asia/Kolkata"), zones.zoneOf(ACME));
        assertEquals(2, repository.reads());
    }

    @Test
    void settings_a_run_read_itself_are_kept_like_those_read_here_and_expire_alike() {
        InMemoryTenantSettingsRepository repository = new InMemoryTenantSettingsRepository();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-10T09:00:00Z"));
        TenantTimeZones zones = new TenantTimeZones(repository, clock);
        assertEquals(Optional.empty(), zones.cached(ACME), "nothing read yet: the run path reads the settings");

        assertEquals(ZoneId.of("Asia/Kolkata"), zones.remember(ACME, new TenantSettings("Asia/Kolkata")));
        clock.advance(Duration.ofSeconds(59));
        assertEquals(Optional.of(ZoneId.of("Asia/Kolkata")), zones.cached(ACME));
        assertEquals(ZoneId.of("Asia/Kolkata"), zones.zoneOf(ACME));
        assertEquals(0, repository.reads());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), zones.cached(ACME));
        assertEquals(ZoneId.of("UTC"), zones.zoneOf(ACME), "read again: this tenant has no settings item");
        assertEquals(1, repository.reads());
    }
}
