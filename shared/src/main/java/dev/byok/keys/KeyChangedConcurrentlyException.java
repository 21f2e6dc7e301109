package dev.byok.keys;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;
import dev.byok.ids.Ids;

import java.util.List;
import java.util.Map;

/** The key was rotated or deleted by another request between our read and our write: 409, nothing was changed. */
public class KeyChangedConcurrentlyException extends ServiceException {
    public KeyChangedConcurrentlyException(String keyId) {
        super(ErrorCode.CONFLICT, "The key was changed by another request (rotated or deleted) while this one was "
                        + "processed; nothing was changed. Read the key and retry.", List.of(),
                Ids.looksLikeId(keyId) ? Map.of("keyId", keyId) : Map.of(), null);
    }
}
