package dev.byok.runs;

import dev.byok.providers.TokenUsage;
import dev.byok.tenancy.TenantId;
import dev.byok.usage.AggregateCounters;
import dev.byok.usage.InMemoryUsageAggregates;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory run store for unit tests and the benchmarks, with the rules of {@link DynamoDbRunStore} and
 * {@link DynamoDbIdempotencyRecords}: a run is recorded once, with its aggregate counters; an idempotency key is
 * taken only when free (or its in-progress hold lapsed), completed by the recording of the run that holds it and
 * given back only by that run. Runs go to an {@link InMemoryRunHistory}, counters to an
 * {@link InMemoryUsageAggregates}. Counts the writes it was asked for.
 */
public class InMemoryRunStore implements RunRecorder, RunHistory, IdempotencyRecords {
    private final InMemoryRunHistory history;
    private final InMemoryUsageAggregates aggregates;
    private final Set<String> runIds = ConcurrentHashMap.newKeySet();
    private final Map<String, ClaimedRun> claims = new ConcurrentHashMap<>();
    private final AtomicInteger writes = new AtomicInteger();

    public InMemoryRunStore(InMemoryRunHistory history, InMemoryUsageAggregates aggregates) {
        this.history = history;
        this.aggregates = aggregates;
    }

    public InMemoryRunStore() {
        this(new InMemoryRunHistory(), new InMemoryUsageAggregates());
    }

    @Override
    public synchronized boolean record(TenantId tenant, RunRecord run) {
        writes.incrementAndGet();
        if (runIds.contains(tenant.value() + '\n' + run.runId())) {
            return false;
        }
        runIds.add(tenant.value() + '\n' + run.runId());
        history.add(tenant, run);
        aggregates.add(tenant, run.day(), DynamoDbRunStore.dimensionsOf(run), countersOf(run));
        String claim = run.idempotencyKey() == null ? null : tenant.value() + '\n' + run.idempotencyKey();
        ClaimedRun held = claim == null ? null : claims.get(claim);
        if (held != null && run.runId().equals(held.runId())) {
            claims.put(claim, new ClaimedRun(held.runId(), held.recipeId(), held.createdAt(), State.COMPLETED, null));
        }
        return true;
    }

    @Override
    public synchronized Optional<ClaimedRun> claim(TenantId tenant, String digest, ClaimedRun run) {
        String claim = tenant.value() + '\n' + digest;
        ClaimedRun held = claims.get(claim);
        if (held != null && held.holds(Instant.now())) {
            return Optional.of(held);
        }
        claims.put(claim, run);
        return Optional.empty();
    }

    @Override
    public synchronized void release(TenantId tenant, String digest, String runId) {
        String claim = tenant.value() + '\n' + digest;
        ClaimedRun held = claims.get(claim);
        if (held != null && runId.equals(held.runId()) && held.state() == State.IN_PROGRESS) {
            claims.remove(claim);
        }
    }

    @Override
    public Page list(TenantId tenant, Instant from, Instant to, String recipeId, RunStatus status, int limit,
                     String afterSortKey) {
        return history.list(tenant, from, to, recipeId, status, limit, afterSortKey);
    }

    @Override
    public Optional<ClaimedRun> find(TenantId tenant, String digest) {
        return Optional.ofNullable(claims.get(tenant.value() + '\n' + digest));
    }

    /** Calls of {@link #record} so far, refused ones included. */
    public int writes() {
        return writes.get();
    }

    public InMemoryUsageAggregates aggregates() {
        return aggregates;
    }

    /** What one run adds to its aggregate item, as the run store's {@code ADD} does. */
    public static AggregateCounters countersOf(RunRecord run) {
        TokenUsage usage = run.usage() == null ? TokenUsage.NONE : run.usage();
        boolean succeeded = run.status() == RunStatus.SUCCEEDED;
        return new AggregateCounters(1, succeeded ? 1 : 0, succeeded ? 0 : 1, usage.inputTokens(),
                usage.outputTokens(), usage.cacheReadTokens(), usage.cacheWriteTokens(), usage.reasoningTokens(),
                run.costPicoUsd() == null ? BigInteger.ZERO : run.costPicoUsd(), run.costPicoUsd() == null ? 1 : 0);
    }
}
