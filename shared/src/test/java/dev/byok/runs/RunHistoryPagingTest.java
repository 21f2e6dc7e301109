package dev.byok.runs;

import dev.byok.aws.TableConfiguration;
import dev.byok.settings.InMemoryTenantSettingsRepository;
import dev.byok.settings.TenantTimeZones;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.WithLocalAws;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /runs} paging over the real run store on moto, with and without filters. */
@WithLocalAws
class RunHistoryPagingTest {
    private static final String QUIET = "rcp_qqqqqqqqqqqqqqqqqqqq";
    private static final String BUSY = "rcp_bbbbbbbbbbbbbbbbbbbb";

    private record Listing(List<String> runIds, int pages, int shortPagesWithCursor) {
    }

    /** Follows nextCursor to the end. */
    private static Listing listAll(RunQueryService runs, AuthenticatedPrincipal principal, String recipeId,
                                   String status, String limit) {
        List<String> ids = new ArrayList<>();
        int pages = 0;
        int short_ = 0;
        String cursor = null;
        do {
            RunPage page = runs.list(principal, "2026-11-10", "2026-11-10", recipeId, status, limit, cursor);
            page.items().forEach(run -> ids.add(run.runId()));
            cursor = page.nextCursor();
            pages++;
            if (cursor != null && page.items().size() < Integer.parseInt(limit)) {
                short_++;
            }
            assertTrue(pages < 100, "paging terminates");
        } while (cursor != null);
        return new Listing(ids, pages, short_);
    }

    @Test
    void a_sparse_filter_pages_through_in_bounded_steps_and_finds_every_match_once(LocalAws aws) {
        TenantId tenant = new TenantId("t-" + UUID.randomUUID().toString().substring(0, 8));
        TableConfiguration table = new TableConfiguration(aws.resources().tableName());
        // A budget of 8 evaluated items per page stands in for the production 1,000.
        DynamoDbRunStore store = new DynamoDbRunStore(aws.dynamoDb(), table, new RunsConfiguration(90, 1100), 8);
        RunQueryService runs = new RunQueryService(store, new TenantTimeZones(new InMemoryTenantSettingsRepository()));
        AuthenticatedPrincipal principal = new AuthenticatedPrincipal(tenant, "analyst");
        List<String> quiet = new ArrayList<>();
        List<String> all = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            SampleRun sample = SampleRun.at(Instant.parse("2026-11-10T08:00:00Z").plusSeconds(60L * i))
                    .recipe(i % 10 == 3 ? QUIET : BUSY);
            if (i % 7 == 0) {
                sample.failed();
            }
            RunRecord run = sample.build();
            store.record(tenant, run);
            all.add(0, run.runId());
            if (run.recipeId().equals(QUIET)) {
                quiet.add(0, run.runId());
            }
            if (run.status() == RunStatus.FAILED) {
                failed.add(0, run.runId());
            }
        }

        Listing everything = listAll(runs, principal, null, null, "7");
        assertEquals(all, everything.runIds(), "newest first, each run once");
        assertEquals(5, everything.pages(), "no filter: every page is full but the last");
        assertEquals(0, everything.shortPagesWithCursor());

        Listing sparse = listAll(runs, principal, QUIET, null, "7");
        assertEquals(quiet, sparse.runIds(), "all three matches, newest first, once each");
        assertTrue(sparse.pages() >= 4, "30 items at most 8 a page: " + sparse.pages());
        assertTrue(sparse.shortPagesWithCursor() > 0, "short pages say there is more");

        assertEquals(failed, listAll(runs, principal, null, "failed", "2").runIds());
        assertEquals(List.of(), listAll(runs, principal, QUIET, "failed", "50").runIds(),
                "no run of the quiet recipe failed (i % 10 == 3 never meets i % 7 == 0 below 30)");
    }
}
