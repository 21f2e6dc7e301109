package dev.byok.runs;

import dev.byok.tenancy.TenantId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * {@link RunHistory} in memory, for unit tests: runs ordered by the run store's sort key, listed newest first in
 * {@code [from, to)}, continuing strictly after the given sort key. Remembers the last call's arguments.
 */
public class InMemoryRunHistory implements RunHistory {
    private final Map<String, NavigableMap<String, RunRecord>> runs = new ConcurrentHashMap<>();
    private volatile Instant lastFrom;
    private volatile Instant lastTo;
    private volatile String lastAfter;
    private volatile int calls;

    public void add(TenantId tenant, RunRecord run) {
        runs.computeIfAbsent(tenant.value(), t -> new ConcurrentSkipListMap<>(Comparator.reverseOrder()))
                .put(DynamoDbRunStore.sortKey(run.createdAt(), run.runId()), run);
    }

    @Override
    public Page list(TenantId tenant, Instant from, Instant to, String recipeId, RunStatus status, int limit,
                     String afterSortKey) {
        calls++;
        lastFrom = from;
        lastTo = to;
        lastAfter = afterSortKey;
        NavigableMap<String, RunRecord> mine = runs.getOrDefault(tenant.value(),
                new ConcurrentSkipListMap<>(Comparator.reverseOrder()));
        NavigableMap<String, RunRecord> range = mine.subMap(DynamoDbRunStore.sortKeyBound(to), false,
                DynamoDbRunStore.sortKeyBound(from), true);
        if (afterSortKey != null) {
            range = range.tailMap(afterSortKey, false);
        }
        List<RunRecord> page = new ArrayList<>();
        String last = null;
        for (Map.Entry<String, RunRecord> entry : range.entrySet()) {
            RunRecord run = entry.getValue();
            if ((recipeId == null || recipeId.equals(run.recipeId())) && (status == null || status == run.status())) {
                if (page.size() == limit) {
                    return new Page(page, last);
                }
                page.add(run);
                last = entry.getKey();
            }
        }
        return new Page(page, null);
    }

    public Instant lastFrom() {
        return lastFrom;
    }

    public Instant lastTo() {
        return lastTo;
    }

    public String lastAfter() {
        return lastAfter;
    }

    public int calls() {
        return calls;
    }
}
