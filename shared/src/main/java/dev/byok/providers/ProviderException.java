package dev.byok.providers;

import java.time.Duration;

/**
 * A provider call failed. Carries the classification, the HTTP status (0 when no response arrived), the provider's
 * request id, its retry hint and, when the provider answered with a usage block anyway (a filtered or refused reply
 * is still billed), that usage. Its message is ours, never the provider's error text, which can echo the prompt.
 */
public class ProviderException extends RuntimeException {
    private final ProviderErrorClass errorClass;
    private final int httpStatus;
    private final String providerRequestId;
    private final Duration retryAfter;
    private final TokenUsage usage;
    private final boolean providerSaysNoRetry;

    public ProviderException(ProviderErrorClass errorClass, int httpStatus, String providerRequestId,
                             Duration retryAfter, Throwable cause) {
        this(errorClass, httpStatus, providerRequestId, retryAfter, null, cause);
    }

    public ProviderException(ProviderErrorClass errorClass, int httpStatus, String providerRequestId,
                             Duration retryAfter, TokenUsage usage, Throwable cause) {
        this(errorClass, httpStatus, providerRequestId, retryAfter, usage, false, cause);
    }

    /**
     * @param providerSaysNoRetry the provider asked not to retry this failure (Anthropic {@code x-should-retry:
     *                            false}); a provider can only ever suppress retries, never force one
     */
    public ProviderException(ProviderErrorClass errorClass, int httpStatus, String providerRequestId,
                             Duration retryAfter, TokenUsage usage, boolean providerSaysNoRetry, Throwable cause) {
        super("provider call failed: " + errorClass.recordedName() + " (HTTP " + httpStatus + ")", cause);
        this.errorClass = errorClass;
        this.httpStatus = httpStatus;
        this.providerRequestId = ProviderRequestIds.sanitize(providerRequestId);
        this.retryAfter = retryAfter;
        this.usage = usage;
        this.providerSaysNoRetry = providerSaysNoRetry;
    }

    /** Whether retrying the same call may help: the class allows it and the provider did not advise against it. */
    public boolean retryable() {
        return errorClass.retryable() && !providerSaysNoRetry;
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

    /** Usage the provider reported with the failure (billed although no usable output came back), or null. */
    public TokenUsage usage() {
        return usage;
    }
}
