package dev.byok.settings;

import dev.byok.error.InvalidRequestException;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tenant settings: the time zone is an IANA zone, validated before anything is stored. */
class SettingsServiceTest {
    private static final TenantId ACME = new TenantId("acme");
    private static final AuthenticatedPrincipal ADMIN = new AuthenticatedPrincipal(ACME, "admin");

    private final InMemoryTenantSettingsRepository repository = new InMemoryTenantSettingsRepository();
    private final TenantTimeZones zones = new TenantTimeZones(repository);
    private final SettingsService settings = new SettingsService(repository, zones);

    @Test
    void a_tenant_without_settings_counts_days_in_utc() {
        assertEquals(new SettingsView("UTC"), settings.get(ADMIN));
        assertEquals(ZoneId.of("UTC").normalized(), zones.zoneOf(ACME).normalized());
    }

    @Test
    void a_new_zone_is_stored_and_applies_at_once_in_this_environment() {
        assertEquals(ZoneId.of("UTC").normalized(), zones.zoneOf(ACME).normalized()); // now cached

        assertEquals(new SettingsView("Asia/Kolkata"), settings.update(ADMIN, new SettingsRequest("Asia/Kolkata")));

        assertEquals(new SettingsView("Asia/Kolkata"), settings.get(ADMIN));
        assertEquals(ZoneId.of("Asia/Kolkata"), zones.zoneOf(ACME), "the cached zone was dropped");
        assertEquals(new SettingsView("UTC"), settings.get(new AuthenticatedPrincipal(new TenantId("globex"), "x")));
    }

    @Test
    void iana_zone_names_are_accepted() {
        for (String zone : List.of("Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe",
                "Pacific/Chatham", "UTC", "Etc/UTC", "America/Argentina/Buenos_Aires")) {
            assertEquals(zone, settings.update(ADMIN, new SettingsRequest(zone)).timezone());
        }
    }

    @Test
    void anything_but_an_iana_zone_name_is_rejected_and_nothing_is_stored() {
        for (String bad : new String[]{"+05:30", "UTC+5:30", "GMT+01:00", "Z", "europe/berlin", "Mars/Olympus_Mons",
                "SystemV/EST5", "Europe/Berlin ", "", "   ", "A".repeat(65)}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> settings.update(ADMIN, new SettingsRequest(bad)), bad);
            assertEquals(1, e.errors().size(), bad);
            assertTrue(e.errors().get(0).startsWith("timezone "), e.errors().get(0));
            assertFalse(e.errors().get(0).contains("Olympus"), "the rejected value is not echoed");
        }
        assertThrows(InvalidRequestException.class, () -> settings.update(ADMIN, null));
        assertThrows(InvalidRequestException.class, () -> settings.update(ADMIN, new SettingsRequest(null)));
        assertTrue(repository.isEmpty());
    }

    @Test
    void the_day_of_an_instant_is_its_calendar_day_in_the_tenants_zone() {
        repository.save(ACME, new TenantSettings("Asia/Kolkata"));
        assertEquals(LocalDate.parse("2026-11-09"), zones.dayOf(ACME, Instant.parse("2026-11-09T18:29:59.999Z")));
        assertEquals(LocalDate.parse("2026-11-10"), zones.dayOf(ACME, Instant.parse("2026-11-09T18:30:00Z")));
    }
}
