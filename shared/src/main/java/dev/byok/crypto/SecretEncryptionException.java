package dev.byok.crypto;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.List;
import java.util.Map;

/** Encryption failed (KMS unavailable or refused): the key was not stored. Fails closed with a 503. */
public class SecretEncryptionException extends ServiceException {
    public SecretEncryptionException(Throwable cause) {
        super(ErrorCode.DEPENDENCY_UNAVAILABLE, "The key could not be encrypted, so it was not stored. Retry later.",
                List.of(), Map.of(), cause);
    }
}
