package dev.byok.crypto;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.List;
import java.util.Map;

/** A stored key could not be decrypted (KMS refused, context mismatch, tampered bytes). Nothing is sent anywhere. */
public class SecretDecryptionException extends ServiceException {
    public SecretDecryptionException(Throwable cause) {
        super(ErrorCode.DEPENDENCY_UNAVAILABLE, "The stored key could not be decrypted; no provider was called.",
                List.of(), Map.of(), cause);
    }
}
