package dev.byok.workflows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.byok.error.RequestValidator;
import dev.byok.logging.LogContext;
import dev.byok.runs.RunResult;
import dev.byok.runs.RunService;
import dev.byok.runs.StepRunRequest;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the next step of a workflow run: the body of the state machine's step task (the Lambda handler
 * {@code dev.byok.functions.recipes.WorkflowStepHandler}) and of each turn of the in-process runner, so both run the
 * same code. Builds the step's input with {@link InputMapping}, runs the recipe through {@link RunService#runStep}
 * (key, schema, templates, retries, fallback, metadata-only recording tagged with workflow, run and step; idempotent
 * per run and step), and returns the next state: the step's metadata appended, its output kept only when a later
 * mapping reads it (or it is the last step's), the index moved on.
 *
 * <p>Failures are thrown as they are ({@link dev.byok.error.ServiceException}); the callers turn them into the step's
 * error with {@link dev.byok.runs.StepFailure}.
 */
@Singleton
public class WorkflowStepExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowStepExecutor.class);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final RunService runs;
    private final ObjectMapper mapper;

    public WorkflowStepExecutor(RunService runs, ObjectMapper mapper) {
        this.runs = runs;
        this.mapper = mapper;
    }

    /** Runs {@code state.steps[state.stepIndex]} and returns the state after it. */
    public WorkflowState runNextStep(WorkflowState state) {
        check(state);
        WorkflowStep step = state.steps().get(state.stepIndex());
        LogContext.put(LogContext.WORKFLOW, state.workflowId());
        LogContext.put(LogContext.WORKFLOW_RUN, state.workflowRunId());
        LogContext.put(LogContext.STEP, step.name());
        Map<String, String> outputs = state.outputs() == null ? Map.of() : state.outputs();
        JsonNode workflowInput = state.input() == null ? JsonNodeFactory.instance.objectNode()
                : mapper.valueToTree(state.input());

        ObjectNode stepInput = InputMapping.resolve(step, workflowInput, outputs, mapper);
        RunResult run = runs.runStep(new StepRunRequest(state.tenantId(), step.recipeId(),
                mapper.convertValue(stepInput, JSON_OBJECT), step.model(), step.department(), state.workflowId(),
                state.workflowRunId(), step.name()));

        boolean last = state.stepIndex() == state.stepCount() - 1;
        Map<String, String> nextOutputs = new LinkedHashMap<>(outputs);
        Set<String> read = InputMapping.referencedSteps(state.steps().subList(state.stepIndex() + 1,
                state.stepCount()));
        if (read.contains(step.name())) {
            nextOutputs.put(step.name(), run.output());
        }
        // An output no later step reads leaves the state (and Step Functions) at once.
        nextOutputs.keySet().retainAll(read);
        List<WorkflowStepReport> results = new ArrayList<>(state.results() == null ? List.of() : state.results());
        results.add(WorkflowStepReport.succeeded(step.name(), run));
        WorkflowState next = new WorkflowState(state.tenantId(), state.workflowId(), state.workflowRunId(),
                state.steps(), state.input(), state.stepIndex() + 1, state.stepCount(), nextOutputs,
                last ? run.output() : null, results);

        long bytes = StateBudget.sizeOf(next, mapper);
        if (bytes > WorkflowLimits.STATE_LIMIT_BYTES) {
            LOG.warn("workflow state over the limit after a step: bytes={}", bytes);
            throw WorkflowStateTooLargeException.overflowed(step.name(), bytes);
        }
        LOG.info("workflow step succeeded: stepIndex={} stateBytes={}", state.stepIndex(), bytes);
        return next;
    }

    /** The state comes from this product's own service through the state machine; still, fail clearly on nonsense. */
    private static void check(WorkflowState state) {
        RequestValidator validator = new RequestValidator();
        if (state == null) {
            validator.require(false, "a workflow state is required").throwIfInvalid("The step request is not valid.");
        }
        List<WorkflowStep> steps = state.steps();
        validator.require(TenantId.isValid(state.tenantId()), "tenantId is required and must be a tenant id")
                .require(state.workflowRunId() != null, "workflowRunId is required")
                .require(steps != null && !steps.isEmpty() && steps.size() == state.stepCount(),
                        "steps is required and must have stepCount entries")
                .require(state.stepIndex() >= 0 && state.stepIndex() < state.stepCount(),
                        "stepIndex must name a step of the workflow");
        if (steps != null) {
            steps.forEach(step -> validator.require(step != null && step.name() != null
                    && InputMapping.STEP_NAME.matcher(step.name()).matches(), "every step needs a valid name"));
        }
        validator.throwIfInvalid("The step request is not valid.");
    }
}
