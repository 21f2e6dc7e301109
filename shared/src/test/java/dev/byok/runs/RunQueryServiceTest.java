package dev.byok.runs;

import dev.byok.error.InvalidRequestException;
import dev.byok.settings.InMemoryTenantSettingsRepository;
import dev.byok.settings.TenantSettings;
import dev.byok.settings.TenantTimeZones;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /runs} rules over an in-memory history: tenant-local days, validation, cursors. */
class RunQueryServiceTest {
    private static final TenantId ACME = new TenantId("acme");
    private static final TenantId GLOBEX = new TenantId("globex");
    private static final AuthenticatedPrincipal ACME_USER = new AuthenticatedPrincipal(ACME, "analyst");
    private static final AuthenticatedPrincipal GLOBEX_USER = new AuthenticatedPrincipal(GLOBEX, "analyst");

    private final InMemoryRunHistory history = new InMemoryRunHistory();
    private final InMemoryTenantSettingsRepository settings = new InMemoryTenantSettingsRepository();
    private final RunQueryService runs = new RunQueryService(history, new TenantTimeZones(settings),
            Clock.fixed(Instant.parse("2026-11-10T20:00:00Z"), ZoneOffset.UTC));

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> errorsOf(Runnable call) {
        List<String> errors = assertThrows(InvalidRequestException.class, call::run).errors();
        assertEquals(0, history.calls(), "a rejected query reads nothing");
        return errors;
    }

    @Test
    void from_and_to_are_days_in_the_tenants_zone() {
        settings.save(ACME, new TenantSettings("Asia/Kolkata"));
        runs.list(ACME_USER, "2026-11-10", "2026-11-10", null, null, null, null);
        assertEquals(Instant.parse("2026-11-09T18:30:00Z"), history.lastFrom());
        assertEquals(Instant.parse("2026-11-10T18:30:00Z"), history.lastTo());

        settings.save(GLOBEX, new TenantSettings("America/New_York"));
        runs.list(GLOBEX_USER, "2026-11-01", "2026-11-01", null, null, null, null);
        assertEquals(Instant.parse("2026-11-01T04:00:00Z"), history.lastFrom());
        assertEquals(Instant.parse("2026-11-02T05:00:00Z"), history.lastTo(), "a 25-hour day");
    }

    @Test
    void without_dates_the_last_30_days_up_to_the_tenants_today_are_listed() {
        settings.save(ACME, new TenantSettings("Asia/Kolkata")); // 20:00Z is already 2026-11-11 in Kolkata
        runs.list(ACME_USER, null, null, null, null, null, null);
        assertEquals(Instant.parse("2026-10-12T18:30:00Z"), history.lastFrom());
        assertEquals(Instant.parse("2026-11-11T18:30:00Z"), history.lastTo());
    }

    @Test
    void bad_queries_are_rejected_before_anything_is_read() {
        assertEquals(List.of("from must be a date as YYYY-MM-DD"),
                errorsOf(() -> runs.list(ACME_USER, "2026-11-31", null, null, null, null, null)));
        assertEquals(List.of("to must be a date as YYYY-MM-DD"),
                errorsOf(() -> runs.list(ACME_USER, null, "10/11/2026", null, null, null, null)));
        assertEquals(List.of("from must not be after to"),
                errorsOf(() -> runs.list(ACME_USER, "2026-11-12", "2026-11-11", null, null, null, null)));
        assertEquals(List.of("the range must not exceed 366 days"),
                errorsOf(() -> runs.list(ACME_USER, "2025-01-01", "2026-01-02", null, null, null, null)));
        for (String limit : new String[]{"0", "201", "-1", "ten", "1.5", ""}) {
            assertEquals(1, errorsOf(() -> runs.list(ACME_USER, null, null, null, null, limit, null)).size(), limit);
        }
        assertEquals(List.of("status must be one of: succeeded, failed, invalid_output"),
                errorsOf(() -> runs.list(ACME_USER, null, null, null, "SUCCEEDED", null, null)));
        assertEquals(List.of("recipeId is not a recipe id"),
                errorsOf(() -> runs.list(ACME_USER, null, null, "RECIPE#x", null, null, null)));
        runs.list(ACME_USER, null, null, null, null, "200", null);
        runs.list(ACME_USER, null, null, null, null, "1", null);
    }

    @Test
    void a_cursor_that_is_not_one_we_issued_is_rejected() {
        String genuineKey = DynamoDbRunStore.sortKey(Instant.parse("2026-11-10T09:00:00Z"),
                dev.byok.ids.Ids.runId(Instant.parse("2026-11-10T09:00:00Z")));
        for (String bad : new String[]{"", "not base64 !", encode("KEY#key_aaaaaaaaaaaaaaaaaaaa"),
                encode(genuineKey), encode("r1|KEY#key_aaaaaaaaaaaaaaaaaaaa|0123456789abcdef"),
                encode("r1|" + genuineKey + "|not-hex-binding!"), encode("r1|" + genuineKey + "|0123456789abcdef|x"),
                "A".repeat(300)}) {
            assertEquals(List.of("cursor is not valid"),
                    errorsOf(() -> runs.list(ACME_USER, null, null, null, null, null, bad)), bad);
        }
    }

    @Test
    void pages_follow_each_other_newest_first_and_cover_every_run_once() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            RunRecord run = SampleRun.at(Instant.parse("2026-11-10T09:00:00Z").plusSeconds(i)).build();
            history.add(ACME, run);
            expected.add(0, run.runId());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RunPage page = runs.list(ACME_USER, "2026-11-10", "2026-11-10", null, null, "3", cursor);
            page.items().forEach(item -> seen.add(item.runId()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(expected, seen);
        assertEquals(3, pages);
    }

    @Test
    void another_tenants_cursor_is_rejected_and_reads_nothing() {
        history.add(GLOBEX, SampleRun.at("2026-11-10T09:00:00Z").build());
        history.add(GLOBEX, SampleRun.at("2026-11-10T09:00:01Z").build());
        String globexCursor = runs.list(GLOBEX_USER, null, null, null, null, "1", null).nextCursor();
        assertNotNull(globexCursor);
        int callsBefore = history.calls();

        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> runs.list(ACME_USER, null, null, null, null, "1", globexCursor));

        assertTrue(e.errors().get(0).startsWith("cursor belongs to another query"));
        assertEquals(callsBefore, history.calls());
    }

    @Test
    void a_cursor_only_continues_the_query_that_issued_it() {
        history.add(ACME, SampleRun.at("2026-11-10T09:00:00Z").build());
        history.add(ACME, SampleRun.at("2026-11-10T09:00:01Z").build());
        String cursor = runs.list(ACME_USER, "2026-11-01", null, null, null, "1", null).nextCursor();

        assertThrows(InvalidRequestException.class,
                () -> runs.list(ACME_USER, "2026-11-02", null, null, null, "1", cursor));
        assertThrows(InvalidRequestException.class,
                () -> runs.list(ACME_USER, "2026-11-01", null, null, "failed", "1", cursor));
        assertEquals(1, runs.list(ACME_USER, "2026-11-01", null, null, null, "5", cursor).items().size(),
                "a different page size is fine");
    }

    @Test
    void a_cursor_older_than_the_range_ends_the_listing() {
        history.add(ACME, SampleRun.at("2026-11-10T09:00:00Z").build());
        history.add(ACME, SampleRun.at("2026-11-10T09:00:01Z").build());
        RunQueryService later = new RunQueryService(history, new TenantTimeZones(settings),
                Clock.fixed(Instant.parse("2026-12-20T12:00:00Z"), ZoneOffset.UTC));
        String cursor = runs.list(ACME_USER, null, null, null, null, "1", null).nextCursor();

        // Weeks later the default 30-day window has moved past the cursor: nothing more, no error.
        RunPage page = later.list(ACME_USER, null, null, null, null, "1", cursor);
        assertTrue(page.items().isEmpty());
        assertNull(page.nextCursor());
    }
}
