package dev.byok.keys;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.List;
import java.util.Map;

/** Secrets Manager could not be reached or failed: 503, nothing was stored and no provider was called. */
public class SecretStoreUnavailableException extends ServiceException {
    public SecretStoreUnavailableException(Throwable cause) {
        super(ErrorCode.DEPENDENCY_UNAVAILABLE, "AWS Secrets Manager is unavailable, so the referenced key could not "
                + "be read. Nothing was changed; retry later.", List.of(), Map.of(), cause);
    }
}
