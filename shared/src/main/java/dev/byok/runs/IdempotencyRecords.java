package dev.byok.runs;

import dev.byok.tenancy.TenantId;

import java.time.Instant;
import java.util.Optional;

/** Port: which run, if any, has claimed an idempotency key (claims are written by {@link RunRecorder#record}). */
public interface IdempotencyRecords {
    /** The run that claimed the key with this digest, if any. */
    Optional<ClaimedRun> find(TenantId tenant, String digest);

    /** The metadata of the run that holds a key: enough to look the run up, nothing of its content. */
    record ClaimedRun(String runId, String recipeId, Instant createdAt) {
    }
}
