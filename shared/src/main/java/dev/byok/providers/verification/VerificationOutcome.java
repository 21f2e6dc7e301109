package dev.byok.providers.verification;

/**
 * What a provider said about a key. {@code VALID}: an authenticated call succeeded. {@code INVALID}: the provider
 * rejected the key. {@code UNVERIFIED}: no answer proved either (network error, timeout, rate limit, server error,
 * an endpoint without a models list); it is never reported as valid.
 */
public enum VerificationOutcome {
    VALID, INVALID, UNVERIFIED
}
