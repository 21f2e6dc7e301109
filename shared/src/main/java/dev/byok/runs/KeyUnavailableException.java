package dev.byok.runs;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.List;
import java.util.Map;

/** A run names a key that was deleted: 409 naming the key, so the team knows which recipe to repoint. */
public class KeyUnavailableException extends ServiceException {
    public KeyUnavailableException(String keyId) {
        super(ErrorCode.KEY_UNAVAILABLE, "The key " + keyId + " used by this run no longer exists. "
                + "Register a key and update the recipe (or pass a model override).", List.of(),
                Map.of("keyId", keyId), null);
    }
}
