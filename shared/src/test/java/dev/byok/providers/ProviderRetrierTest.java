package dev.byok.providers;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.byok.testing.providers.AnthropicFake;
import dev.byok.testing.providers.OpenAiFake;
import dev.byok.testing.providers.WithProviderFakes;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries: one owner, jittered backoff or the provider's hint, inside the budget. No test sleeps: time is faked. */
@WithProviderFakes
class ProviderRetrierTest {
    private static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(8),
            Duration.ofSeconds(20), Duration.ofSeconds(2));

    /** A clock that only moves when the retrier "sleeps". */
    private static final class FakeTime implements Sleeper {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            now = now.plus(duration);
        }

        Clock clock() {
            return new Clock() {
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                public Instant instant() {
                    return now;
                }
            };
        }
    }

    private final FakeTime time = new FakeTime();
    private final ProviderRetrier retrier = new ProviderRetrier(POLICY, time, time.clock(), () -> 0.5);

    private static ProviderException failure(ProviderErrorClass errorClass, Duration retryAfter) {
        return new ProviderException(errorClass, 429, "req_1", retryAfter, null);
    }

    @Test
    void a_rate_limit_is_retried_after_the_providers_retry_after_and_the_attempts_are_counted() {
        AtomicInteger calls = new AtomicInteger();
        ProviderRetrier.Attempts attempts = new ProviderRetrier.Attempts();
        String result = retrier.call(time.now.plusSeconds(25), attempts, left -> {
            if (calls.incrementAndGet() == 1) {
                throw failure(ProviderErrorClass.RATE_LIMITED, Duration.ofSeconds(3));
            }
            return "ok";
        });
        assertEquals("ok", result);
        assertEquals(2, attempts.count());
        assertEquals(List.of(Duration.ofSeconds(3)), time.sleeps);
    }

    @Test
    void without_a_hint_the_backoff_doubles_with_jitter_and_stops_after_max_attempts() {
        ProviderRetrier.Attempts attempts = new ProviderRetrier.Attempts();
        assertThrows(ProviderException.class, () -> retrier.call(time.now.plusSeconds(25), attempts, left -> {
            throw failure(ProviderErrorClass.UNAVAILABLE, null);
        }));
        assertEquals(3, attempts.count());
        // equal jitter with random 0.5: half of the step plus a quarter: 375 ms, then 750 ms
        assertEquals(List.of(Duration.ofMillis(375), Duration.ofMillis(750)), time.sleeps);
    }

    @Test
    void jitter_keeps_each_wait_between_half_and_all_of_the_capped_exponential_step() {
        for (int retry = 1; retry <= 8; retry++) {
            long step = Math.min(8000, 500L << (retry - 1));
            assertEquals(step / 2, POLICY.backoff(retry, 0).toMillis());
            assertTrue(POLICY.backoff(retry, 0.999).toMillis() <= step);
        }
    }

    @Test
    void auth_bad_request_quota_and_content_failures_are_never_retried() {
        for (ProviderErrorClass errorClass : List.of(ProviderErrorClass.AUTH, ProviderErrorClass.BAD_REQUEST,
                ProviderErrorClass.QUOTA_EXHAUSTED, ProviderErrorClass.CONTENT_FILTERED)) {
            ProviderRetrier.Attempts attempts = new ProviderRetrier.Attempts();
            assertThrows(ProviderException.class, () -> retrier.call(time.now.plusSeconds(25), attempts, left -> {
                throw failure(errorClass, Duration.ofMillis(10));
            }));
            assertEquals(1, attempts.count(), errorClass.name());
        }
        assertTrue(time.sleeps.isEmpty());
    }

    @Test
    void a_retry_after_that_does_not_fit_in_the_budget_is_not_waited_for() {
        ProviderRetrier.Attempts attempts = new ProviderRetrier.Attempts();
        ProviderException thrown = assertThrows(ProviderException.class,
                () -> retrier.call(time.now.plusSeconds(10), attempts, left -> {
                    throw failure(ProviderErrorClass.RATE_LIMITED, Duration.ofSeconds(9));
                }));
        assertEquals(ProviderErrorClass.RATE_LIMITED, thrown.errorClass(), "the caller gets the provider's verdict");
        assertEquals(Duration.ofSeconds(9), thrown.retryAfter());
        assertEquals(1, attempts.count());
        assertTrue(time.sleeps.isEmpty());
    }

    @Test
    void each_attempt_gets_the_time_left_in_the_budget_as_its_timeout() {
        List<Duration> timeouts = new ArrayList<>();
        ProviderRetrier.Attempts attempts = new ProviderRetrier.Attempts();
        assertThrows(ProviderException.class, () -> retrier.call(time.now.plusSeconds(20), attempts, left -> {
            timeouts.add(left);
            throw failure(ProviderErrorClass.RATE_LIMITED, Duration.ofSeconds(4));
        }));
        assertEquals(List.of(Duration.ofSeconds(20), Duration.ofSeconds(16), Duration.ofSeconds(12)), timeouts);
    }

    @Test
    void a_wait_that_overruns_the_budget_ends_with_the_providers_own_failure() {
        Sleeper oversleeping = duration -> time.sleep(duration.multipliedBy(4));
        ProviderRetrier slow = new ProviderRetrier(POLICY, oversleeping, time.clock(), () -> 0.5);
        ProviderRetrier.Attempts attempts = new ProviderRetrier.Attempts();
        ProviderException thrown = assertThrows(ProviderException.class,
                () -> slow.call(time.now.plusSeconds(10), attempts, left -> {
                    throw failure(ProviderErrorClass.RATE_LIMITED, Duration.ofSeconds(3));
                }));
        assertEquals(ProviderErrorClass.RATE_LIMITED, thrown.errorClass());
        assertEquals(1, attempts.count(), "no attempt squeezed into the last seconds");
    }

    @Test
    void against_a_real_endpoint_a_529_then_success_takes_two_http_requests(AnthropicFake fake) {
        fake.stubFixtureForNextCalls(1, "error-overloaded", 529, Map.of());
        AnthropicClient client = new AnthropicClient(Adapters.HTTP, Adapters.MAPPER);
        ProviderRetrier.Attempts attempts = new ProviderRetrier.Attempts();
        CompletionResult result = retrier.call(time.now.plusSeconds(25), attempts, left -> client.complete(
                Adapters.request(fake.baseUrl() + "/v1", "claude-haiku-4-5", null, "Hi"),
                new ProviderCredential("sk-ant-test-0001")));
        assertTrue(result.text().startsWith("This is the local Anthropic stand-in"));
        assertEquals(2, attempts.count());
        assertEquals(2, fake.requests("POST", AnthropicFake.MESSAGES_PATH).size());
    }

    @Test
    void the_http_client_never_retries_on_its_own_so_requests_equal_attempts(OpenAiFake fake) {
        fake.stubFault(Fault.CONNECTION_RESET_BY_PEER);
        OpenAiClient client = new OpenAiClient(Adapters.HTTP, Adapters.MAPPER);
        ProviderRetrier.Attempts attempts = new ProviderRetrier.Attempts();
        assertThrows(ProviderException.class, () -> retrier.call(time.now.plusSeconds(25), attempts,
                left -> client.complete(Adapters.request(fake.apiBaseUrl(), "gpt-4o-mini", null, "Hi"),
                        new ProviderCredential("sk-test-0001"))));
        assertEquals(3, attempts.count());
        assertEquals(3, fake.requests("POST", fake.chatCompletionsPath()).size());
    }
}
