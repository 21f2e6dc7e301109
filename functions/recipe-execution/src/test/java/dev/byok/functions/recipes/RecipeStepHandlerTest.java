package dev.byok.functions.recipes;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.byok.recipes.ModelSelection;
import dev.byok.recipes.RecipeParameters;
import dev.byok.recipes.RecipeRequest;
import dev.byok.recipes.RecipeService;
import dev.byok.runs.RunResult;
import dev.byok.runs.StepRunRequest;
import dev.byok.testing.OutputCapture;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.TableInspector;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.testing.lambda.LambdaEvents;
import dev.byok.testing.lambda.TestLambdaContext;
import dev.byok.testing.providers.AnthropicFake;
import dev.byok.testing.providers.OpenAiFake;
import dev.byok.testing.providers.ProviderFakes;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static dev.byok.functions.recipes.RunFixtures.ACME;
import static dev.byok.functions.recipes.RunFixtures.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Step Functions step handler invoked as Lambda's Java runtime does it: the event JSON from events/ is
 * deserialised by the runtime's own serialiser into the handler's input type, and the output is serialised back.
 */
@WithLocalAws
class RecipeStepHandlerTest {
    private static final PojoSerializer<StepRunRequest> INPUT =
            JacksonFactory.getInstance().getSerializer(StepRunRequest.class);
    private static final PojoSerializer<RunResult> OUTPUT = JacksonFactory.getInstance().getSerializer(RunResult.class);
    private static final AnthropicFake anthropic = ProviderFakes.anthropic();
    private static final OpenAiFake openAi = ProviderFakes.openAi();
    private static RecipeStepHandler handler;

    @BeforeAll
    static void startHandler() {
        handler = new RecipeStepHandler(ApplicationContext.builder().properties(TestApplication.properties()));
    }

    @AfterAll
    static void stopHandler() {
        handler.close();
    }

    @AfterEach
    void resetFakes() {
        ProviderFakes.resetStarted();
    }

    private static ApplicationContext context() {
        return handler.getApplicationContext();
    }

    private static String recipe() {
        String keyId = RunFixtures.registerKey(context(), "anthropic", RunFixtures.apiKeyFor("anthropic"));
        return context().getBean(RecipeService.class).create(ACME, new RecipeRequest("Support reply", "support",
                "You answer customers of {{company}} politely.", "Customer message: {{message}}\nReply in {{language}}.",
                null, null, new ModelSelection("anthropic", "claude-haiku-4-5", keyId), new RecipeParameters(300, null),
                null, null)).recipeId();
    }

    /** events/{file} with placeholders, as the JSON the state machine sends. */
    private static String event(String file, Map<String, String> placeholders) throws Exception {
        String json = Files.readString(LambdaEvents.eventsDirectory().resolve(file), StandardCharsets.UTF_8);
        return LambdaEvents.substitute(json, placeholders);
    }

    /** JSON in, JSON out, through the Lambda runtime's serialiser. */
    private static JsonNode invoke(String eventJson) throws Exception {
        StepRunRequest input = INPUT.fromJson(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)));
        RunResult result = handler.handleRequest(input, new TestLambdaContext());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OUTPUT.toJson(result, out);
        return JSON.readTree(out.toByteArray());
    }

    private static Map<String, String> placeholders(String recipeId) {
        Map<String, String> values = new HashMap<>();
        values.put("recipeId", recipeId);
        values.put("company", "Acme 🌱");
        values.put("message", "late " + UUID.randomUUID());
        return values;
    }

    private static String withExecution(String json, String executionId) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(json);
        node.put("executionId", executionId);
        return node.toString();
    }

    @Test
    void a_step_event_runs_the_recipe_and_answers_the_run_result_as_json(LocalAws aws) throws Exception {
        String recipeId = recipe();
        String execution = "arn:aws:states:eu-west-1:123456789012:express:byok:exec-" + UUID.randomUUID();

        JsonNode output = invoke(withExecution(event("step-run.json", placeholders(recipeId)), execution));

        assertEquals("succeeded", output.get("status").asText());
        assertEquals("anthropic", output.get("provider").asText());
        assertFalse(output.get("output").asText().isEmpty());
        assertTrue(output.get("costUsd").asText().startsWith("0."));
        Map<String, AttributeValue> item = TableInspector.of(aws).items().stream()
                .filter(i -> i.get("sk").s().endsWith(output.get("runId").asText())).findFirst().orElseThrow();
        assertEquals("wfl_0000000000support01", item.get("workflowId").s());
        assertEquals(execution, item.get("workflowRunId").s());
        assertEquals("draft-reply", item.get("stepName").s());
    }

    @Test
    void a_step_can_run_on_another_model_than_its_recipe(LocalAws aws) throws Exception {
        String recipeId = recipe();
        String openAiKey = RunFixtures.registerKey(context(), "openai", RunFixtures.apiKeyFor("openai"));
        Map<String, String> values = placeholders(recipeId);
        values.put("provider", "openai");
        values.put("model", "gpt-4o-mini");
        values.put("keyId", openAiKey);
        String execution = "exec-" + UUID.randomUUID();

        JsonNode output = invoke(withExecution(event("step-run-model-override.json", values), execution));

        assertEquals("openai", output.get("provider").asText());
        assertEquals("gpt-4o-mini", output.get("model").asText());
        assertTrue(anthropic.requests().isEmpty());
        assertEquals(1, openAi.requests("POST", openAi.chatCompletionsPath()).size());
        Map<String, AttributeValue> item = TableInspector.of(aws).items().stream()
                .filter(i -> i.get("sk").s().endsWith(output.get("runId").asText())).findFirst().orElseThrow();
        assertEquals("quality", item.get("department").s());
    }

    @Test
    void a_repeated_step_of_one_execution_records_once_and_fails_without_a_retryable_error() throws Exception {
        String recipeId = recipe();
        String json = withExecution(event("step-run.json", placeholders(recipeId)), "exec-" + UUID.randomUUID());
        JsonNode first = invoke(json);

        StepFailedException repeated = assertThrows(StepFailedException.class, () -> invoke(json));

        assertFalse(repeated instanceof StepRetryableException, "a state machine must not retry a duplicate");
        JsonNode cause = JSON.readTree(repeated.getMessage());
        assertEquals("duplicate_run", cause.get("code").asText());
        assertEquals(first.get("runId").asText(), cause.get("runId").asText());
        assertEquals(1, anthropic.requests("POST", AnthropicFake.MESSAGES_PATH).size());
    }

    @Test
    void a_transient_provider_failure_is_a_retryable_step_error_without_provider_text() throws Exception {
        String recipeId = recipe();
        String canary = "CANARY-" + UUID.randomUUID();
        Map<String, String> values = placeholders(recipeId);
        values.put("message", canary);
        anthropic.stubFixture("error-overloaded", 529);
        String logs;
        StepFailedException failure;
        try (OutputCapture output = OutputCapture.start()) {
            failure = assertThrows(StepFailedException.class,
                    () -> invoke(withExecution(event("step-run.json", values), "exec-" + UUID.randomUUID())));
            logs = output.text();
        }
        assertInstanceOf(StepRetryableException.class, failure);
        JsonNode cause = JSON.readTree(failure.getMessage());
        assertEquals("provider_unavailable", cause.get("code").asText());
        assertEquals(3, cause.get("attempts").asInt());
        assertFalse(failure.getMessage().contains("Overloaded"), "never the provider's message");
        assertFalse(failure.getMessage().contains(canary));
        assertFalse(logs.contains(canary));
    }

    @Test
    void a_step_without_a_tenant_or_an_execution_is_refused_before_anything_happens() throws Exception {
        StepFailedException failure = assertThrows(StepFailedException.class,
                () -> invoke("{\"recipeId\":\"rcp_aaaaaaaaaaaaaaaaaaaa\",\"stepName\":\"x\",\"input\":{}}"));
        JsonNode cause = JSON.readTree(failure.getMessage());
        assertEquals("invalid_request", cause.get("code").asText());
        assertTrue(cause.get("errors").toString().contains("tenantId is required"));
        assertTrue(cause.get("errors").toString().contains("executionId is required"));
        assertTrue(anthropic.requests().isEmpty());
    }

    @Test
    void another_tenants_recipe_is_not_found_from_a_step() throws Exception {
        String recipeId = recipe();
        String json = withExecution(event("step-run.json", placeholders(recipeId)), "exec-" + UUID.randomUUID())
                .replace("\"tenantId\":\"acme\"", "\"tenantId\":\"globex\"");
        StepFailedException failure = assertThrows(StepFailedException.class, () -> invoke(json));
        assertEquals("recipe_not_found", JSON.readTree(failure.getMessage()).get("code").asText());
        assertTrue(anthropic.requests().isEmpty());
    }
}
