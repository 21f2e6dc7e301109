package dev.byok.providers;

import dev.byok.error.ErrorCode;

/** How a provider failure is classified; decides retries and the error code the caller sees. */
public enum ProviderErrorClass {
    AUTH(ErrorCode.PROVIDER_AUTH, false),
    RATE_LIMITED(ErrorCode.PROVIDER_RATE_LIMITED, true),
    QUOTA_EXHAUSTED(ErrorCode.PROVIDER_QUOTA_EXHAUSTED, false),
    UNAVAILABLE(ErrorCode.PROVIDER_UNAVAILABLE, true),
    BAD_REQUEST(ErrorCode.PROVIDER_BAD_REQUEST, false),
    TIMEOUT(ErrorCode.PROVIDER_TIMEOUT, true),
    /** The provider blocked the prompt or refused to answer: asking again gives the same answer. */
    CONTENT_FILTERED(ErrorCode.PROVIDER_CONTENT_FILTERED, false);

    private final ErrorCode errorCode;
    private final boolean retryable;

    ProviderErrorClass(ErrorCode errorCode, boolean retryable) {
        this.errorCode = errorCode;
        this.retryable = retryable;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The value recorded in run metadata, e.g. {@code provider_rate_limited}. */
    public String recordedName() {
        return errorCode.code();
    }
}
