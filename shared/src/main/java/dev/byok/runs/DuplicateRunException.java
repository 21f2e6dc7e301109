package dev.byok.runs;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Another run holds this idempotency key: one that succeeded and was recorded, or one still in progress. Nothing is
 * spent. Outputs are never stored, so a recorded run's output cannot be replayed: the caller gets the run's id (its
 * metadata is in {@code GET /runs}) and its {@code state}; a run in progress may still fail and give the key back.
 */
public class DuplicateRunException extends ServiceException {
    public DuplicateRunException(IdempotencyRecords.ClaimedRun holder) {
        super(ErrorCode.DUPLICATE_RUN, detail(holder), List.of(), extensions(holder), null);
    }

    private static String detail(IdempotencyRecords.ClaimedRun holder) {
        if (holder != null && holder.state() == IdempotencyRecords.State.IN_PROGRESS) {
            return "A run with this idempotency key is in progress" + (holder.runId() == null ? ""
                    : " as " + holder.runId()) + ". If it fails, the key is free again: retry in a few seconds.";
        }
        return "A run with this idempotency key was already recorded" + (holder == null || holder.runId() == null
                ? "" : " as " + holder.runId()) + ". Its output is not kept, so it cannot be returned again; use a "
                + "new key to run again.";
    }

    private static Map<String, Object> extensions(IdempotencyRecords.ClaimedRun holder) {
        Map<String, Object> extensions = new HashMap<>();
        if (holder != null) {
            if (holder.runId() != null) {
                extensions.put("runId", holder.runId());
            }
            if (holder.recipeId() != null) {
                extensions.put("recipeId", holder.recipeId());
            }
            if (holder.createdAt() != null) {
                extensions.put("createdAt", holder.createdAt().toString());
            }
            extensions.put("state", holder.state().wireName());
        }
        return extensions;
    }
}
