package dev.byok.keys;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.List;
import java.util.Map;

/**
 * The secret a key references cannot be used any more (deleted, access removed, no valid key in it): 409 naming the
 * key, as for a deleted key; no provider was called.
 */
public class KeySecretUnavailableException extends ServiceException {
    public KeySecretUnavailableException(String keyId, ReferencedSecretUnreadableException cause) {
        super(ErrorCode.KEY_UNAVAILABLE, "The key " + keyId + " is registered by reference and its secretArn "
                + cause.problem() + ". No provider was called; fix the secret, then rotate the key (PUT /keys/"
                + keyId + " with its secretArn).", List.of(), Map.of("keyId", keyId), cause);
    }
}
