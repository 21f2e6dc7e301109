package dev.byok.providers;

import dev.byok.ids.Ids;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The one owner of provider retries. Retries a call while it fails with a retryable class (rate limited, unavailable,
 * timeout: HTTP 408, 409, 429, 5xx, Anthropic 529, connection failures), never for auth, bad-request, quota or
 * content errors, waiting the provider's {@code retry-after(-ms)} hint or a jittered exponential backoff, and only as
 * long as the wait plus a useful attempt fits before the deadline. Each attempt's HTTP timeout is the time left.
 */
@Singleton
public class ProviderRetrier {
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final DoubleSupplier random;

    @Inject
    public ProviderRetrier(RetryPolicy policy, Sleeper sleeper) {
        // Jitter comes from the lazily created SecureRandom: never seeded during initialisation, so environments
        // restored from one SnapStart snapshot do not retry in lockstep.
        this(policy, sleeper, Clock.systemUTC(), () -> Ids.secureRandom().nextDouble());
    }

    public ProviderRetrier(RetryPolicy policy, Sleeper sleeper, Clock clock, DoubleSupplier random) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
        this.random = random;
    }

    /** Counts attempts across several {@link #call}s of one run (primary and fallback). */
    public static final class Attempts {
        private int count;

        public int count() {
            return count;
        }
    }

    /**
     * Calls {@code attempt} (given the time left as its timeout) until it succeeds, fails for good, or the budget
     * ends; throws the last failure.
     */
    public <T> T call(Instant deadline, Attempts attempts, Function<Duration, T> attempt) {
        int ownAttempts = 0;
        while (true) {
            Duration left = Duration.between(clock.instant(), deadline);
            ownAttempts++;
            attempts.count++;
            try {
                return attempt.apply(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left);
            } catch (ProviderException failure) {
                Duration wait = waitBeforeRetry(failure, ownAttempts, deadline);
                if (wait == null) {
                    throw failure;
                }
                if (!wait.isZero()) {
                    sleeper.sleep(wait);
                }
                if (!hasTimeFor(deadline)) {
                    // The wait overran: the provider's own verdict is the honest answer, not a timeout of ours.
                    throw failure;
                }
            }
        }
    }

    /** Whether an attempt started now would still have at least the minimum attempt time before the deadline. */
    public boolean hasTimeFor(Instant deadline) {
        return Duration.between(clock.instant(), deadline).compareTo(policy.minAttemptTime()) >= 0;
    }

    /** How long to wait before retrying, or null when this failure must not be retried. */
    private Duration waitBeforeRetry(ProviderException failure, int attemptsMade, Instant deadline) {
        if (!failure.retryable() || attemptsMade >= policy.maxAttempts()) {
            return null;
        }
        Duration hint = failure.retryAfter();
        if (hint != null && hint.compareTo(policy.maxRetryAfter()) > 0) {
            return null;
        }
        Duration wait = hint != null ? hint : policy.backoff(attemptsMade, random.getAsDouble());
        Instant nextStart = clock.instant().plus(wait);
        return Duration.between(nextStart, deadline).compareTo(policy.minAttemptTime()) < 0 ? null : wait;
    }
}
