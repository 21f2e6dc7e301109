package dev.byok.workflows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.error.ServiceException;
import dev.byok.logging.SafeThrowables;
import dev.byok.providers.Sleeper;
import dev.byok.runs.StepFailure;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs a workflow in this process, the way statemachines/workflow.asl.json runs it in Step Functions: the state
 * goes through JSON between steps, each step is {@link WorkflowStepExecutor#runNextStep} (the code the Lambda step
 * task runs), a retryable failure is retried per {@link WorkflowRetryPolicy}, any other failure stops the run with
 * the same report the state machine's failure states build, and the run times out after
 * {@link WorkflowLimits#RUN_TIMEOUT}. Used by the local server ({@code BYOK_WORKFLOW_RUNNER=in-process}).
 */
@Singleton
@Requires(property = WorkflowsConfiguration.RUNNER_PROPERTY, value = WorkflowsConfiguration.IN_PROCESS)
public class InProcessWorkflowRunner implements WorkflowRunner {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessWorkflowRunner.class);

    private final WorkflowStepExecutor executor;
    private final ObjectMapper mapper;
    private final Sleeper sleeper;
    private final Clock clock;

    @Inject
    public InProcessWorkflowRunner(WorkflowStepExecutor executor, ObjectMapper mapper, Sleeper sleeper) {
        this(executor, mapper, sleeper, Clock.systemUTC());
    }

    InProcessWorkflowRunner(WorkflowStepExecutor executor, ObjectMapper mapper, Sleeper sleeper, Clock clock) {
        this.executor = executor;
        this.mapper = mapper;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    @Override
    public WorkflowOutcome run(WorkflowState initial) {
        Instant deadline = clock.instant().plus(WorkflowLimits.RUN_TIMEOUT);
        WorkflowState state = throughJson(initial);
        // "MoreSteps": loop while stepIndex < stepCount.
        while (state.stepIndex() < state.stepCount()) {
            int retries = 0;
            while (true) {
                Attempt attempt = attempt(state);
                if (attempt.failure() == null) {
                    state = throughJson(attempt.next());
                    break;
                }
                StepFailure failure = attempt.failure();
                // Step Functions retries only the retryable error, waits, and times the run out even while waiting.
                Duration wait = WorkflowRetryPolicy.waitBefore(retries + 1);
                if (failure.retryable() && retries < WorkflowRetryPolicy.MAX_ATTEMPTS) {
                    if (!clock.instant().plus(wait).isBefore(deadline)) {
                        return new WorkflowOutcome.TimedOut();
                    }
                    retries++;
                    LOG.info("workflow step failed with a retryable error; retrying: retry={}", retries);
                    sleeper.sleep(wait);
                    continue;
                }
                return new WorkflowOutcome.StepFailed(state.stepIndex(), failure.errorName(),
                        readTree(failure.json()), state.results() == null ? List.of() : state.results());
            }
            if (!clock.instant().isBefore(deadline)) {
                return new WorkflowOutcome.TimedOut();
            }
        }
        return new WorkflowOutcome.Succeeded(state.output(), state.results());
    }

    /** One try of a step: the next state, or the failure as the step handler would report it. */
    private record Attempt(WorkflowState next, StepFailure failure) {
    }

    private Attempt attempt(WorkflowState state) {
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        try {
            return new Attempt(executor.runNextStep(state), null);
        } catch (ServiceException e) {
            return new Attempt(null, StepFailure.of(e));
        } catch (RuntimeException e) {
            LOG.error("workflow step failed unexpectedly: {}", SafeThrowables.describe(e));
            return new Attempt(null, StepFailure.unexpected(e));
        } finally {
            // The step adds its run's ids to the log context; the request's own ids stay.
            if (logContext == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(logContext);
            }
        }
    }

    /** The state as the next task receives it: Step Functions hands every state over as JSON. */
    private WorkflowState throughJson(WorkflowState state) {
        try {
            return mapper.readValue(mapper.writeValueAsBytes(state), WorkflowState.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("workflow state could not be passed on as JSON", e);
        }
    }

    private com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("step failure is not JSON", e);
        }
    }
}
