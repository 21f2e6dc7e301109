package dev.byok.providers;

import java.time.Duration;

/**
 * A provider call failed. Carries the classification, the HTTP status (0 when no response arrived), the provider's
 * request id and its retry hint. Its message is ours, never the provider's error text, which can echo the prompt.
 */
public class ProviderException extends RuntimeException {
    private final ProviderErrorClass errorClass;
    private final int httpStatus;
    private final String providerRequestId;
    private final Duration retryAfter;

    public ProviderException(ProviderErrorClass errorClass, int httpStatus, String providerRequestId,
                             Duration retryAfter, Throwable cause) {
        super("provider call failed: " + errorClass.recordedName() + " (HTTP " + httpStatus + ")", cause);
        this.errorClass = errorClass;
        this.httpStatus = httpStatus;
        this.providerRequestId = providerRequestId;
        this.retryAfter = retryAfter;
    }

    public ProviderErrorClass errorClass() {
        return errorClass;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** May be null. */
    public String providerRequestId() {
        return providerRequestId;
    }

    /** The provider's retry hint, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
