package dev.byok.functions.recipes;

/**
 * A recipe step failed for a transient reason (provider rate limit, unavailability or timeout after this run's own
 * retries, or an AWS dependency failing): a state machine may {@code Retry} on this error name, with its own backoff.
 */
public class StepRetryableException extends StepFailedException {
    StepRetryableException(String message) {
        super(message);
    }
}
