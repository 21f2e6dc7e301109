package dev.byok.workflows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.error.InvalidRequestException;
import dev.byok.error.ServiceException;
import dev.byok.json.JacksonFactory;
import dev.byok.providers.ProviderErrorClass;
import dev.byok.providers.ProviderException;
import dev.byok.runs.ProviderCallException;
import dev.byok.runs.StepFailure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Steps whose outcome a test scripts, for the runners' control flow: the same script drives the in-process runner
 * (through {@link Executor}) and the state machine on moto (through {@link #lambdaResults}, what the step task's
 * Lambda answers to each invocation), so both can be held to the same outcome.
 */
final class ScriptedSteps {
    static final ObjectMapper JSON = JacksonFactory.create();

    /** What one invocation of the step does. */
    enum Outcome { SUCCEED, FAIL, FAIL_RETRYABLY }

    private ScriptedSteps() {
    }

    static WorkflowState initial(int steps) {
        List<WorkflowStep> definition = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            definition.add(new WorkflowStep("s" + i, "rcp_aaaaaaaaaaaaaaaaaaaa", null, null, null));
        }
        return new WorkflowState("acme", "wfl_aaaaaaaaaaaaaaaaaaaa", dev.byok.ids.Ids.workflowRunId(
                java.time.Instant.now()), definition, Map.of("q", "ünïcödé 🌱"), 0, steps, Map.of(), null, List.of());
    }

    /** What the real executor does to the state, minus the recipe: one report, the output on the last step. */
    static WorkflowState succeed(WorkflowState state) {
        List<WorkflowStepReport> results = new ArrayList<>(state.results());
        results.add(new WorkflowStepReport("s" + state.stepIndex(), "rcp_aaaaaaaaaaaaaaaaaaaa", "succeeded",
                "run_" + state.stepIndex(), "anthropic", "claude-haiku-4-5", null, "0.1", 1L, 1L, 1, null));
        Map<String, String> outputs = new LinkedHashMap<>(state.outputs());
        outputs.put("s" + state.stepIndex(), "out " + state.input().get("q"));
        boolean last = state.stepIndex() == state.stepCount() - 1;
        return new WorkflowState(state.tenantId(), state.workflowId(), state.workflowRunId(), state.steps(),
                state.input(), state.stepIndex() + 1, state.stepCount(), outputs,
                last ? "final " + state.input().get("q") : null, results);
    }

    static ServiceException failure(Outcome outcome) {
        return outcome == Outcome.FAIL_RETRYABLY
                ? new ProviderCallException(new ProviderException(ProviderErrorClass.UNAVAILABLE, 503, "req_1", null,
                null), "run_x", "openai", 3)
                : new InvalidRequestException("The step request is not valid.", List.of("stepIndex must name a step"));
    }

    static Function<WorkflowState, WorkflowState> behaviour(Outcome outcome) {
        return outcome == Outcome.SUCCEED ? ScriptedSteps::succeed : state -> {
            throw failure(outcome);
        };
    }

    /**
     * What the step task's Lambda answers, invocation by invocation, under this script: the next state as JSON, or
     * the Lambda error payload of the handler's exception ({@code errorType} = the exception class, the error name
     * Step Functions sees; {@code errorMessage} = its JSON).
     */
    static List<String> lambdaResults(WorkflowState initial, List<Outcome> script) {
        List<String> results = new ArrayList<>();
        WorkflowState state = initial;
        try {
            for (Outcome outcome : script) {
                if (outcome == Outcome.SUCCEED) {
                    state = succeed(state);
                    results.add(JSON.writeValueAsString(state));
                } else {
                    StepFailure failure = StepFailure.of(failure(outcome));
                    results.add(JSON.writeValueAsString(Map.of("errorType", failure.errorName(), "errorMessage",
                            failure.json())));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return results;
    }

    /** Runs each call through the next scripted behaviour and records which step index each call got. */
    static final class Executor extends WorkflowStepExecutor {
        final List<Function<WorkflowState, WorkflowState>> script = new ArrayList<>();
        final List<Integer> calls = new ArrayList<>();

        Executor() {
            super(null, JSON);
        }

        Executor(List<Outcome> outcomes) {
            this();
            outcomes.forEach(outcome -> script.add(behaviour(outcome)));
        }

        @Override
        public WorkflowState runNextStep(WorkflowState state) {
            calls.add(state.stepIndex());
            return script.get(calls.size() - 1).apply(state);
        }
    }
}
