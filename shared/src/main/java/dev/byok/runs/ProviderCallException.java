package dev.byok.runs;

import dev.byok.error.ServiceException;
import dev.byok.providers.ProviderErrorClass;
import dev.byok.providers.ProviderException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run failed at the provider. The caller sees the error class, the run id (the failure is recorded), how many
 * attempts were made, the provider's request id for support and its retry hint, never the provider's message.
 */
public class ProviderCallException extends ServiceException {
    public ProviderCallException(ProviderException cause, String runId, String provider, int attempts) {
        super(cause.errorClass().errorCode(), detail(cause.errorClass(), provider), List.of(),
                extensions(cause, runId, provider, attempts), cause);
    }

    /** The classified provider failure behind this exception. */
    public ProviderException failure() {
        return (ProviderException) getCause();
    }

    private static String detail(ProviderErrorClass errorClass, String provider) {
        return switch (errorClass) {
            case AUTH -> "The " + provider + " API rejected the key. Rotate or verify the key.";
            case RATE_LIMITED -> "The " + provider + " API is rate limiting this key; retry later.";
            case QUOTA_EXHAUSTED -> "The " + provider + " account behind this key has no remaining quota or credit.";
            case UNAVAILABLE -> "The " + provider + " API is unavailable; retry later.";
            case BAD_REQUEST -> "The " + provider + " API rejected the request (check the model id and parameters).";
            case TIMEOUT -> "The " + provider + " API did not answer within the recipe's timeout.";
            case CONTENT_FILTERED -> "The " + provider + " API refused to answer or filtered the content.";
        };
    }

    private static Map<String, Object> extensions(ProviderException cause, String runId, String provider,
                                                  int attempts) {
        Map<String, Object> extensions = new HashMap<>();
        extensions.put("runId", runId);
        extensions.put("provider", provider);
        extensions.put("providerStatus", cause.httpStatus());
        extensions.put("attempts", attempts);
        if (cause.providerRequestId() != null) {
            extensions.put("providerRequestId", cause.providerRequestId());
        }
        if (cause.retryAfter() != null && cause.retryable()) {
            extensions.put("retryAfterSeconds", Math.max(1, (cause.retryAfter().toMillis() + 999) / 1000));
        }
        return extensions;
    }
}
