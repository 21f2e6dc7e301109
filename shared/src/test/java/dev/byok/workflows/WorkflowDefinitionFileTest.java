package dev.byok.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.byok.testing.lambda.LambdaEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.byok.workflows.ScriptedSteps.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the in-process runner and the state's Java types assume about statemachines/workflow.asl.json, read from the
 * file itself: the run timeout, the retry of the step handler's retryable error, and the state fields the definition
 * reads. Change one side and this fails until the other follows.
 */
class WorkflowDefinitionFileTest {
    private static JsonNode definition;
    private static final Set<String> STATE_FIELDS = Arrays.stream(WorkflowState.class.getRecordComponents())
            .map(component -> component.getName()).collect(Collectors.toSet());

    @BeforeAll
    static void read() throws Exception {
        definition = JSON.readTree(Files.readString(LambdaEvents.repositoryRoot()
                .resolve("statemachines/workflow.asl.json")));
    }

    @Test
    void the_state_machine_times_out_when_the_in_process_runner_does() {
        assertEquals(WorkflowLimits.RUN_TIMEOUT.toSeconds(), definition.get("TimeoutSeconds").asLong());
    }

    @Test
    void the_step_task_retries_the_retryable_step_error_exactly_as_the_in_process_runner_does() {
        JsonNode retry = null;
        for (JsonNode entry : definition.get("States").get("RunStep").get("Retry")) {
            if (entry.get("ErrorEquals").toString().contains(WorkflowRetryPolicy.RETRIED_ERROR)) {
                retry = entry;
            }
        }
        assertTrue(retry != null, "no Retry for " + WorkflowRetryPolicy.RETRIED_ERROR);
        assertEquals(List.of(WorkflowRetryPolicy.RETRIED_ERROR), JSON.convertValue(retry.get("ErrorEquals"),
                List.class), "the retryable error alone: a plain step failure must not be retried");
        assertEquals(WorkflowRetryPolicy.INTERVAL.toSeconds(), retry.get("IntervalSeconds").asLong());
        assertEquals(WorkflowRetryPolicy.MAX_ATTEMPTS, retry.get("MaxAttempts").asInt());
        assertEquals(WorkflowRetryPolicy.BACKOFF_RATE, retry.get("BackoffRate").asDouble());
    }

    @Test
    void the_loop_and_the_final_state_read_fields_the_workflow_state_has() {
        JsonNode choice = definition.get("States").get("MoreSteps").get("Choices").get(0);
        assertEquals("$.stepIndex", choice.get("Variable").asText());
        assertEquals("$.stepCount", choice.get("NumericLessThanPath").asText());
        JsonNode finish = definition.get("States").get("Finish").get("Parameters");
        for (JsonNode path : List.of(choice.get("Variable"), choice.get("NumericLessThanPath"),
                finish.get("workflowRunId.$"), finish.get("output.$"), finish.get("steps.$"))) {
            assertTrue(STATE_FIELDS.contains(path.asText().substring(2)), path + " is not a WorkflowState field");
        }
    }

    @Test
    void the_step_task_sends_the_whole_state_and_takes_the_handlers_answer_as_the_next_state() {
        JsonNode task = definition.get("States").get("RunStep");
        assertEquals("arn:aws:states:::lambda:invoke", task.get("Resource").asText());
        assertEquals("$", task.get("Parameters").get("Payload.$").asText());
        assertEquals("${WorkflowStepFunctionArn}", task.get("Parameters").get("FunctionName").asText());
        assertEquals("$.Payload", task.get("OutputPath").asText());
    }
}
