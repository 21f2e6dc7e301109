package dev.byok.workflows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.json.JacksonFactory;
import dev.byok.providers.Sleeper;
import dev.byok.runs.StepFailure;
import dev.byok.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-process runner's control flow, step by step as statemachines/workflow.asl.json defines it: loop while
 * steps remain, retry the retryable error once after its interval, stop at any other failure with the steps that
 * ran, time out after the run timeout. The step itself is scripted here; the real one is tested with the handlers.
 */
class InProcessWorkflowRunnerTest {
    private static final ObjectMapper JSON = JacksonFactory.create();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final List<Duration> waits = new ArrayList<>();
    private final Sleeper sleeper = duration -> {
        waits.add(duration);
        clock.advance(duration);
    };

    private InProcessWorkflowRunner runner(ScriptedSteps.Executor executor) {
        return new InProcessWorkflowRunner(executor, JSON, sleeper, clock);
    }

    @Test
    void every_step_runs_once_in_order_and_the_last_output_is_the_result() {
        ScriptedSteps.Executor executor = new ScriptedSteps.Executor();
        executor.script.addAll(List.of(ScriptedSteps::succeed, ScriptedSteps::succeed,
                ScriptedSteps::succeed));

        WorkflowOutcome outcome = runner(executor).run(ScriptedSteps.initial(3));

        assertEquals(List.of(0, 1, 2), executor.calls);
        WorkflowOutcome.Succeeded succeeded = assertInstanceOf(WorkflowOutcome.Succeeded.class, outcome);
        assertEquals("final ünïcödé 🌱", succeeded.output(), "the state went through JSON without losing text");
        assertEquals(List.of("s0", "s1", "s2"), succeeded.steps().stream().map(WorkflowStepReport::stepName)
                .toList());
        assertTrue(waits.isEmpty());
    }

    @Test
    void a_failure_in_the_middle_stops_the_run_and_later_steps_never_run() {
        ScriptedSteps.Executor executor = new ScriptedSteps.Executor();
        executor.script.addAll(List.of(ScriptedSteps::succeed,
                ScriptedSteps.behaviour(ScriptedSteps.Outcome.FAIL), ScriptedSteps::succeed));

        WorkflowOutcome outcome = runner(executor).run(ScriptedSteps.initial(3));

        assertEquals(List.of(0, 1), executor.calls);
        WorkflowOutcome.StepFailed failed = assertInstanceOf(WorkflowOutcome.StepFailed.class, outcome);
        assertEquals(1, failed.stepIndex());
        assertEquals(StepFailure.FAILED_ERROR, failed.error());
        assertEquals("invalid_request", failed.failure().get("code").asText());
        assertEquals(List.of("s0"), failed.steps().stream().map(WorkflowStepReport::stepName).toList());
        assertTrue(waits.isEmpty(), "a failure that retrying cannot fix is not retried");
    }

    @Test
    void a_retryable_failure_is_retried_once_after_the_policy_interval() {
        ScriptedSteps.Executor executor = new ScriptedSteps.Executor();
        executor.script.addAll(List.of(ScriptedSteps::succeed,
                ScriptedSteps.behaviour(ScriptedSteps.Outcome.FAIL_RETRYABLY), ScriptedSteps::succeed));

        WorkflowOutcome outcome = runner(executor).run(ScriptedSteps.initial(2));

        assertEquals(List.of(0, 1, 1), executor.calls);
        assertInstanceOf(WorkflowOutcome.Succeeded.class, outcome);
        assertEquals(List.of(WorkflowRetryPolicy.INTERVAL), waits);
    }

    @Test
    void a_retryable_failure_that_persists_fails_the_step_with_the_retryable_error() {
        ScriptedSteps.Executor executor = new ScriptedSteps.Executor();
        executor.script.addAll(List.of(ScriptedSteps.behaviour(ScriptedSteps.Outcome.FAIL_RETRYABLY),
                ScriptedSteps.behaviour(ScriptedSteps.Outcome.FAIL_RETRYABLY), ScriptedSteps::succeed));

        WorkflowOutcome outcome = runner(executor).run(ScriptedSteps.initial(2));

        assertEquals(List.of(0, 0), executor.calls);
        WorkflowOutcome.StepFailed failed = assertInstanceOf(WorkflowOutcome.StepFailed.class, outcome);
        assertEquals(StepFailure.RETRYABLE_ERROR, failed.error());
        assertEquals("provider_unavailable", failed.failure().get("code").asText());
        assertEquals("run_x", failed.failure().get("runId").asText());
        assertEquals(List.of(), failed.steps());
    }

    @Test
    void a_run_that_outlasts_the_run_timeout_times_out_before_its_next_step() {
        ScriptedSteps.Executor executor = new ScriptedSteps.Executor();
        executor.script.add(state -> {
            clock.advance(WorkflowLimits.RUN_TIMEOUT);
            return ScriptedSteps.succeed(state);
        });
        executor.script.add(ScriptedSteps::succeed);

        WorkflowOutcome outcome = runner(executor).run(ScriptedSteps.initial(2));

        assertInstanceOf(WorkflowOutcome.TimedOut.class, outcome);
        assertEquals(List.of(0), executor.calls);
    }

    @Test
    void an_unexpected_failure_is_reported_generically_and_not_retried() {
        ScriptedSteps.Executor executor = new ScriptedSteps.Executor();
        executor.script.add(state -> {
            throw new IllegalStateException("CANARY message that must not surface");
        });

        WorkflowOutcome.StepFailed failed = assertInstanceOf(WorkflowOutcome.StepFailed.class,
                runner(executor).run(ScriptedSteps.initial(1)));

        assertEquals("internal_error", failed.failure().get("code").asText());
        assertTrue(!failed.failure().toString().contains("CANARY"));
        assertEquals(List.of(0), executor.calls);
    }
}
