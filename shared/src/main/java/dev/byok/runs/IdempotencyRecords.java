package dev.byok.runs;

import dev.byok.tenancy.TenantId;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: who holds an idempotency key. A run takes the key ({@link #claim}) before it calls the provider, so a
 * concurrent request with the same key is refused before it spends anything; the recording transaction of a
 * succeeded run marks the claim completed ({@link RunRecorder#record}); a run that ends any other way gives the key
 * back ({@link #release}) so that the caller can retry with it.
 */
public interface IdempotencyRecords {
    /** The claim on the key with this digest, if any (strongly consistent). */
    Optional<ClaimedRun> find(TenantId tenant, String digest);

    /**
     * Takes the key for {@code run}, which holds it until {@code run.lockedUntil()} unless it completes first. Empty
     * when taken; otherwise the claim that holds the key (a completed run, or one still in progress).
     */
    Optional<ClaimedRun> claim(TenantId tenant, String digest, ClaimedRun run);

    /** Gives back a key that {@code runId} holds in progress; does nothing when another run holds it. Never throws. */
    void release(TenantId tenant, String digest, String runId);

    /** Where the run holding a key is. */
    enum State {
        /** The run started and has not recorded a usable output yet. */
        IN_PROGRESS,
        /** The run succeeded and was recorded: the key stays taken for as long as the run's metadata is kept. */
        COMPLETED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The metadata of the run that holds a key: enough to look the run up, nothing of its content.
     *
     * @param lockedUntil for a run in progress, when its hold lapses if it neither completes nor gives the key back
     *                    (its process died): after that another run may take the key. Null once completed.
     */
    record ClaimedRun(String runId, String recipeId, Instant createdAt, State state, Instant lockedUntil) {
        /** A claim written by a recording transaction before claims had states: completed. */
        public ClaimedRun(String runId, String recipeId, Instant createdAt) {
            this(runId, recipeId, createdAt, State.COMPLETED, null);
        }

        /** Whether this claim still keeps other runs from taking the key at {@code now}. */
        public boolean holds(Instant now) {
            return state == State.COMPLETED || lockedUntil == null || lockedUntil.isAfter(now);
        }
    }
}
