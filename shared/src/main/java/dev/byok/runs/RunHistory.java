package dev.byok.runs;

import dev.byok.tenancy.TenantId;

import java.time.Instant;
import java.util.List;

/** Port: a tenant's run metadata, newest first. */
public interface RunHistory {
    /**
     * Runs created in {@code [from, to)}, optionally of one recipe and status, at most {@code limit}, continuing
     * after {@code afterSortKey} (null for the first page).
     */
    Page list(TenantId tenant, Instant from, Instant to, String recipeId, RunStatus status, int limit,
              String afterSortKey);

    /**
     * Records of a page and the sort key to continue after, or null when there is no more. With a filter a page can
     * hold fewer than {@code limit} records, even none, while more follow: the work per page is bounded.
     */
    record Page(List<RunRecord> runs, String lastSortKey) {
    }
}
