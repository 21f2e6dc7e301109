package dev.byok.deployment;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.testing.lambda.LambdaEvents;
import dev.byok.testing.lambda.TestLambdaContext;
import dev.byok.testing.providers.AnthropicFake;
import dev.byok.testing.providers.ProviderFakes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Step Functions step handler inside the shipped recipe-execution artifact, loaded on its own as Lambda loads it
 * (the jar alone on the class path), fed events/step-run.json through the Lambda runtime's own serialiser into the
 * jar's input type, and its output serialised back: the path a state machine's {@code lambda:invoke} takes.
 */
@WithLocalAws
class StepHandlerArtifactTest {
    private static final String STEP_HANDLER = "dev.byok.functions.recipes.RecipeStepHandler";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CONFIGURATION = new HashMap<>();
    private static IsolatedLambda<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> keys;
    private static IsolatedLambda<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> recipes;
    private static IsolatedLambda<Object, Object> steps;
    private static IsolatedLambda<Object, Object> workflowSteps;

    @BeforeAll
    static void deploy() {
        TestApplication.properties().forEach((name, value) -> CONFIGURATION.put(name, String.valueOf(value)));
        CONFIGURATION.forEach(System::setProperty);
        CloudFormationTemplate template = CloudFormationTemplate.read(DeploymentFiles.template());
        keys = IsolatedLambda.load(jarOf(template, DeployedFunctions.KEY_REGISTRATION), DeployedFunctions.HANDLER);
        Path recipeExecution = jarOf(template, DeployedFunctions.RECIPE_EXECUTION);
        recipes = IsolatedLambda.load(recipeExecution, DeployedFunctions.HANDLER);
        steps = IsolatedLambda.load(recipeExecution, STEP_HANDLER);
        workflowSteps = IsolatedLambda.load(jarOf(template, DeployedFunctions.WORKFLOW_STEP),
                template.functionProperty(DeployedFunctions.WORKFLOW_STEP, "Handler").asText());
    }

    @AfterAll
    static void undeploy() throws Exception {
        for (IsolatedLambda<?, ?> function : new IsolatedLambda<?, ?>[] {keys, recipes, steps, workflowSteps}) {
            if (function != null) {
                function.close();
            }
        }
        CONFIGURATION.keySet().forEach(System::clearProperty);
    }

    private static Path jarOf(CloudFormationTemplate template, String function) {
        Path jar = DeploymentFiles.repositoryRoot().resolve(template.functionProperty(function, "CodeUri").asText());
        assertTrue(Files.isRegularFile(jar), "build the artifacts first: " + jar);
        return jar;
    }

    private static TestLambdaContext context() {
        return new TestLambdaContext("RecipeStepFunction", Duration.ofSeconds(29));
    }

    /** JSON in, JSON out, with the jar's own input and output types, as the Lambda Java runtime does it. */
    private static JsonNode invokeStep(String json) throws Exception {
        return invoke(steps, "dev.byok.runs.StepRunRequest", json);
    }

    @SuppressWarnings("unchecked")
    private static JsonNode invoke(IsolatedLambda<Object, Object> function, String inputClass, String json)
            throws Exception {
        Class<Object> inputType = (Class<Object>) function.handlerClass().getClassLoader().loadClass(inputClass);
        Object input = JacksonFactory.getInstance().getSerializer(inputType)
                .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        Object output = function.invoke(input, context());
        PojoSerializer<Object> serializer = JacksonFactory.getInstance().getSerializer((Class<Object>) output.getClass());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(output, out);
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void the_shipped_step_handler_runs_a_recipe_step_and_refuses_its_repetition() throws Exception {
        AnthropicFake anthropic = ProviderFakes.anthropic();
        anthropic.reset();
        APIGatewayV2HTTPResponse key = keys.invoke(LambdaEvents.load("keys-register.json",
                Map.of("apiKey", "sk-ant-step-" + UUID.randomUUID(), "label", "step " + UUID.randomUUID())), context());
        assertEquals(201, key.getStatusCode(), key.getBody());
        APIGatewayV2HTTPResponse recipe = recipes.invoke(LambdaEvents.load("recipes-create.json",
                Map.of("keyId", JSON.readTree(key.getBody()).get("keyId").asText())), context());
        assertEquals(201, recipe.getStatusCode(), recipe.getBody());
        String event = LambdaEvents.substitute(Files.readString(LambdaEvents.eventsDirectory().resolve("step-run.json")),
                Map.of("recipeId", JSON.readTree(recipe.getBody()).get("recipeId").asText(), "company", "Acme",
                        "message", "Where is my order?"));
        ObjectNode step = (ObjectNode) JSON.readTree(event);
        step.put("executionId", "exec-" + UUID.randomUUID());

        JsonNode output = invokeStep(step.toString());

        assertEquals("succeeded", output.get("status").asText(), output.toString());
        assertEquals("anthropic", output.get("provider").asText());
        assertFalse(output.get("output").asText().isEmpty());
        assertTrue(output.get("runId").asText().startsWith("run_"));

        RuntimeException repeated = assertThrows(RuntimeException.class, () -> invokeStep(step.toString()));
        assertEquals("dev.byok.functions.recipes.StepFailedException", repeated.getClass().getName(),
                "the error name a state machine sees");
        assertEquals("duplicate_run", JSON.readTree(repeated.getMessage()).get("code").asText());
        assertEquals(1, anthropic.requests("POST", AnthropicFake.MESSAGES_PATH).size());
    }

    @Test
    void the_shipped_workflow_step_handler_runs_the_next_step_and_answers_the_next_state() throws Exception {
        AnthropicFake anthropic = ProviderFakes.anthropic();
        anthropic.reset();
        APIGatewayV2HTTPResponse key = keys.invoke(LambdaEvents.load("keys-register.json",
                Map.of("apiKey", "sk-ant-wf-" + UUID.randomUUID(), "label", "wf " + UUID.randomUUID())), context());
        String keyId = JSON.readTree(key.getBody()).get("keyId").asText();
        String recipeId = JSON.readTree(recipes.invoke(LambdaEvents.load("recipes-create.json", Map.of("keyId",
                keyId)), context()).getBody()).get("recipeId").asText();
        // Both steps name the support-reply recipe; the second step overrides the model with the same one.
        ObjectNode state = (ObjectNode) JSON.readTree(LambdaEvents.substitute(Files.readString(LambdaEvents
                .eventsDirectory().resolve("workflow-step-second.json")), Map.of("workflowRunId",
                "wfr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 26), "extractRecipeId", recipeId,
                "replyRecipeId", recipeId, "provider", "anthropic", "model", "claude-haiku-4-5", "keyId", keyId,
                "company", "Acme 🌱", "message", "Where is my order?", "summary", "Order #1234 is late")));

        JsonNode next = invoke(workflowSteps, "dev.byok.workflows.WorkflowState", state.toString());

        assertEquals(2, next.get("stepIndex").asInt());
        assertFalse(next.get("output").asText().isEmpty());
        assertEquals("reply", next.get("results").get(1).get("stepName").asText());
        assertEquals("succeeded", next.get("results").get(1).get("status").asText());
        assertTrue(JSON.readTree(anthropic.requests("POST", AnthropicFake.MESSAGES_PATH).get(0).body())
                .get("messages").get(0).get("content").asText().contains("Order #1234 is late"));
    }
}
