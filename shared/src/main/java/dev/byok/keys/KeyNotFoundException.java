package dev.byok.keys;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;
import dev.byok.ids.Ids;

import java.util.List;
import java.util.Map;

/** No key with that id for this tenant (another tenant's key answers the same: 404). */
public class KeyNotFoundException extends ServiceException {
    public KeyNotFoundException(String keyId) {
        // Only an id of our own shape is echoed back; anything else in the path is not repeated.
        super(ErrorCode.KEY_NOT_FOUND, Ids.looksLikeId(keyId) ? "No key " + keyId + " exists for this tenant."
                : "No such key exists for this tenant.", List.of(),
                Ids.looksLikeId(keyId) ? Map.of("keyId", keyId) : Map.of(), null);
    }
}
