package dev.byok.runs;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run with this idempotency key was already recorded. Outputs are never stored, so the first run's output cannot
 * be replayed: the caller gets the recorded run's id (its metadata is in {@code GET /runs}) and nothing is spent.
 */
public class DuplicateRunException extends ServiceException {
    public DuplicateRunException(IdempotencyRecords.ClaimedRun claimed) {
        super(ErrorCode.DUPLICATE_RUN, "A run with this idempotency key was already recorded"
                + (claimed == null ? "" : " as " + claimed.runId()) + ". Its output is not kept, so it cannot be "
                + "returned again; use a new key to run again.", List.of(), extensions(claimed), null);
    }

    private static Map<String, Object> extensions(IdempotencyRecords.ClaimedRun claimed) {
        Map<String, Object> extensions = new HashMap<>();
        if (claimed != null) {
            extensions.put("runId", claimed.runId());
            extensions.put("recipeId", claimed.recipeId());
            if (claimed.createdAt() != null) {
                extensions.put("createdAt", claimed.createdAt().toString());
            }
        }
        return extensions;
    }
}
