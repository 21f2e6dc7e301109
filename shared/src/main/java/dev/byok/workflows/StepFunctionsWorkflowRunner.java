package dev.byok.workflows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

import java.util.List;

/**
 * {@link WorkflowRunner} on the Express state machine of template.yaml (statemachines/workflow.asl.json): one
 * {@code StartSyncExecution} per run, named by the workflow run id, answered when the run ends. The state machine
 * ends in one of three ways, read back here:
 * <ul>
 *   <li>{@code SUCCEEDED}: the output of its {@code Finish} state, {@code {"workflowRunId","output","steps"}};</li>
 *   <li>{@code FAILED} through its failure states: error = the failed step's error name, cause = the JSON report
 *       {@code {"stepIndex","error","cause","steps"}} whose {@code cause} is the step task's Lambda error
 *       ({@code {"errorType","errorMessage"}}, the message being the step's JSON failure);</li>
 *   <li>{@code TIMED_OUT} after {@link WorkflowLimits#RUN_TIMEOUT}.</li>
 * </ul>
 * Any other failure of the execution is unexpected and surfaces as a 500 (its error name is logged).
 */
@Singleton
@Requires(property = WorkflowsConfiguration.RUNNER_PROPERTY, value = WorkflowsConfiguration.STEP_FUNCTIONS)
public class StepFunctionsWorkflowRunner implements WorkflowRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StepFunctionsWorkflowRunner.class);
    private static final TypeReference<List<WorkflowStepReport>> REPORTS = new TypeReference<>() {
    };

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final ObjectMapper mapper;

    public StepFunctionsWorkflowRunner(SfnClient sfn, WorkflowsConfiguration configuration, ObjectMapper mapper) {
        this.sfn = sfn;
        this.stateMachineArn = configuration.stateMachineArn();
        this.mapper = mapper;
    }

    @Override
    public WorkflowOutcome run(WorkflowState initial) {
        String input;
        try {
            input = mapper.writeValueAsString(initial);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("workflow state could not be serialised", e);
        }
        StartSyncExecutionResponse response = sfn.startSyncExecution(request -> request
                .stateMachineArn(stateMachineArn).name(initial.workflowRunId()).input(input));
        SyncExecutionStatus status = response.status();
        if (status == SyncExecutionStatus.SUCCEEDED) {
            JsonNode output = tree(response.output());
            return new WorkflowOutcome.Succeeded(output.path("output").asText(), reports(output.path("steps")));
        }
        if (status == SyncExecutionStatus.TIMED_OUT) {
            return new WorkflowOutcome.TimedOut();
        }
        JsonNode report = response.cause() == null ? null : treeOrNull(response.cause());
        if (report == null || !report.path("stepIndex").isInt()) {
            LOG.error("workflow execution failed outside its steps: status={} error={}", status, response.error());
            throw new IllegalStateException("workflow execution failed outside its steps");
        }
        return new WorkflowOutcome.StepFailed(report.get("stepIndex").asInt(), report.path("error").asText(),
                stepFailure(report.path("cause").asText(null)), reports(report.path("steps")));
    }

    /** The step's JSON failure inside a Lambda error payload, or null when the error did not come from our code. */
    private JsonNode stepFailure(String lambdaError) {
        JsonNode error = lambdaError == null ? null : treeOrNull(lambdaError);
        JsonNode message = error == null ? null : treeOrNull(error.path("errorMessage").asText(null));
        return message != null && message.path("code").isTextual() ? message : null;
    }

    private List<WorkflowStepReport> reports(JsonNode steps) {
        return steps.isArray() ? mapper.convertValue(steps, REPORTS) : List.of();
    }

    private JsonNode tree(String json) {
        JsonNode node = treeOrNull(json);
        if (node == null) {
            throw new IllegalStateException("workflow execution output is not JSON");
        }
        return node;
    }

    private JsonNode treeOrNull(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(json);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
