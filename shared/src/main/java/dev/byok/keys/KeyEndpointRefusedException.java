package dev.byok.keys;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.List;
import java.util.Map;

/**
 * An {@code openai-compatible} key's base URL is no longer allowed (its host now resolves to a non-public address, or
 * the operator's allow-list changed): 409 naming the key; the key was not released and no provider was called.
 */
public class KeyEndpointRefusedException extends ServiceException {
    public KeyEndpointRefusedException(String keyId, String reason) {
        super(ErrorCode.CONFLICT, "The key " + keyId + " cannot be used: its " + reason
                + ". No provider was called; rotate the key with an allowed baseUrl or register another.",
                List.of(reason), Map.of("keyId", keyId), null);
    }
}
