package dev.byok.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.byok.runs.StepFailure;
import dev.byok.runs.StepRunRequest;
import dev.byok.testing.aws.MotoServer;
import dev.byok.testing.lambda.LambdaEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.byok.workflows.ScriptedSteps.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example state machine of template.yaml (statemachines/recipe-chain-example.asl.json), executed by moto's
 * Step Functions interpreter with events/recipe-chain-input.json as its input: the data flow between the two recipe
 * steps (a JSON output parsed, one of its fields passed on), the result, and the failure path. moto's Lambda answers
 * what {@code RecipeStepHandler} would (a run result, or its error).
 */
class RecipeChainExampleStateMachineTest {
    private static final Set<String> STEP_REQUEST_FIELDS = Arrays.stream(StepRunRequest.class.getRecordComponents())
            .map(component -> component.getName()).collect(Collectors.toSet());
    private static MotoServer moto;
    private static SfnClient sfn;
    private static JsonNode definition;
    private static String stateMachineArn;

    @BeforeAll
    static void createStateMachine() throws Exception {
        moto = MotoServer.start();
        moto.configure("{\"stepfunctions\":{\"execute_state_machine\":true},\"lambda\":{\"use_docker\":false}}");
        sfn = SfnClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION,
                        true))
                .build();
        String text = Files.readString(LambdaEvents.repositoryRoot()
                .resolve("statemachines/recipe-chain-example.asl.json")).replace("${RecipeStepFunctionArn}",
                "arn:aws:lambda:us-east-1:123456789012:function:byok-recipe-step:live");
        definition = JSON.readTree(text);
        stateMachineArn = sfn.createStateMachine(request -> request.name("recipe-chain-example").definition(text)
                .roleArn("arn:aws:iam::123456789012:role/example").type(StateMachineType.EXPRESS)).stateMachineArn();
    }

    @AfterAll
    static void stop() {
        if (sfn != null) {
            sfn.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    private static String input() throws Exception {
        return LambdaEvents.substitute(Files.readString(LambdaEvents.eventsDirectory()
                .resolve("recipe-chain-input.json")), Map.of("extractRecipeId", "rcp_aaaaaaaaaaaaaaaaaaaa",
                "replyRecipeId", "rcp_bbbbbbbbbbbbbbbbbbbb", "keyId", "key_cccccccccccccccccccc",
                "company", "Acme Garden 🌱", "message", "My rake arrived broken."));
    }

    private static String runResult(String runId, String output) {
        ObjectNode result = JSON.createObjectNode().put("runId", runId).put("status", "succeeded")
                .put("output", output).put("costUsd", "0.0001").put("provider", "anthropic")
                .put("model", "claude-haiku-4-5").put("attempts", 1);
        return result.toString();
    }

    private static StartSyncExecutionResponse execute(List<String> lambdaResults) throws Exception {
        moto.queueLambdaResults("us-east-1", lambdaResults);
        String input = input();
        return sfn.startSyncExecution(request -> request.stateMachineArn(stateMachineArn)
                .name("chain-" + UUID.randomUUID()).input(input));
    }

    @Test
    void the_reply_step_gets_a_field_of_the_extract_steps_json_output_and_the_chain_returns_reply_and_run_ids()
            throws Exception {
        StartSyncExecutionResponse response = execute(List.of(
                runResult("run_extract", "{\"summary\": \"Rake broken on arrival 🌱\", \"sentiment\": \"negative\"}"),
                runResult("run_reply", "Dear Acme Garden, we are sorry about your rake.")));

        assertEquals(SyncExecutionStatus.SUCCEEDED, response.status(), response.error() + " " + response.cause());
        JsonNode output = JSON.readTree(response.output());
        assertEquals("Dear Acme Garden, we are sorry about your rake.", output.get("reply").asText());
        assertEquals("run_extract", output.get("runIds").get("extract").asText());
        assertEquals("run_reply", output.get("runIds").get("reply").asText());
    }

    @Test
    void a_failed_recipe_step_fails_the_chain_with_the_handlers_error_and_json_message() throws Exception {
        StepFailure failure = StepFailure.of(new dev.byok.error.InvalidRequestException("The step request is not "
                + "valid.", List.of("recipeId is required")));

        StartSyncExecutionResponse response = execute(List.of(JSON.writeValueAsString(Map.of(
                "errorType", failure.errorName(), "errorMessage", failure.json()))));

        assertEquals(SyncExecutionStatus.FAILED, response.status());
        assertEquals(StepFailure.FAILED_ERROR, response.error());
        JsonNode message = JSON.readTree(JSON.readTree(response.cause()).get("errorMessage").asText());
        assertEquals("invalid_request", message.get("code").asText());
    }

    @Test
    void every_task_sends_the_step_handler_only_fields_of_its_request() {
        for (String state : List.of("Extract", "Reply")) {
            JsonNode payload = definition.get("States").get(state).get("Parameters").get("Payload");
            payload.fieldNames().forEachRemaining(field -> assertTrue(
                    STEP_REQUEST_FIELDS.contains(field.endsWith(".$") ? field.substring(0, field.length() - 2) : field),
                    state + " sends " + field + ", which StepRunRequest does not have"));
            for (String required : List.of("tenantId.$", "recipeId.$", "executionId.$", "stepName.$")) {
                assertTrue(payload.has(required), state + " lacks " + required);
            }
        }
    }
}
