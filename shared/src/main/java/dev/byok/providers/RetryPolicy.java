package dev.byok.providers;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How provider calls are retried ({@code byok.retry.*}). Retries are owned by {@link ProviderRetrier} alone: the HTTP
 * client never retries. All waits must fit in the run's provider budget (the recipe timeout).
 *
 * @param maxAttempts    attempts per model selection (the fallback selection gets as many again)
 * @param baseDelay      first backoff; doubled per retry, with jitter
 * @param maxDelay       cap of one backoff
 * @param maxRetryAfter  a provider asking to wait longer than this is not retried (the caller gets its hint)
 * @param minAttemptTime an attempt is only started when at least this much of the budget is left after waiting
 */
@ConfigurationProperties("byok.retry")
public record RetryPolicy(@Bindable(defaultValue = "3") int maxAttempts,
                          @Bindable(defaultValue = "500ms") Duration baseDelay,
                          @Bindable(defaultValue = "8s") Duration maxDelay,
                          @Bindable(defaultValue = "20s") Duration maxRetryAfter,
                          @Bindable(defaultValue = "2s") Duration minAttemptTime) {
    public RetryPolicy {
        if (maxAttempts < 1 || baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0
                || maxRetryAfter.isNegative() || minAttemptTime.isNegative()) {
            throw new IllegalArgumentException("retry policy: at least one attempt and non-negative delays");
        }
    }

    /**
     * The backoff before retry number {@code retry} (1 for the first retry): {@code base·2^(retry−1)} capped at
     * {@code maxDelay}, of which a random half is kept ("equal jitter"), so that callers who failed together do not
     * come back together. {@code random} is in [0, 1).
     */
    public Duration backoff(int retry, double random) {
        long base = baseDelay.toMillis();
        long exponential = retry >= 31 ? Long.MAX_VALUE : base << Math.max(0, retry - 1);
        long capped = Math.min(maxDelay.toMillis(), exponential < 0 ? Long.MAX_VALUE : exponential);
        return Duration.ofMillis(capped / 2 + (long) (random * (capped - capped / 2)));
    }
}
