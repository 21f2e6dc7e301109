package dev.byok.workflows;

import dev.byok.runs.StepFailure;

import java.time.Duration;

/**
 * How a failed step is retried: the {@code Retry} of the step task in statemachines/workflow.asl.json for the step
 * handler's retryable error, which the in-process runner applies the same way (a test keeps the two equal). The run
 * itself already retried the provider within the recipe's timeout; this is one more try after a pause. Lambda's own
 * service errors are retried by the state machine too; they cannot happen in process.
 */
public final class WorkflowRetryPolicy {
    /** The error name retried: {@link StepFailure#RETRYABLE_ERROR}. */
    public static final String RETRIED_ERROR = StepFailure.RETRYABLE_ERROR;
    public static final Duration INTERVAL = Duration.ofSeconds(2);
    public static final int MAX_ATTEMPTS = 1;
    public static final double BACKOFF_RATE = 2.0;

    private WorkflowRetryPolicy() {
    }

    /** The wait before retry number {@code retry} (1-based), as Step Functions computes it. */
    public static Duration waitBefore(int retry) {
        return Duration.ofMillis(Math.round(INTERVAL.toMillis() * Math.pow(BACKOFF_RATE, retry - 1)));
    }
}
