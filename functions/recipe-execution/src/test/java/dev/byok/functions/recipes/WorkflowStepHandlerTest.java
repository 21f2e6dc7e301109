package dev.byok.functions.recipes;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.byok.ids.Ids;
import dev.byok.recipes.ModelSelection;
import dev.byok.recipes.RecipeParameters;
import dev.byok.recipes.RecipeRequest;
import dev.byok.recipes.RecipeService;
import dev.byok.runs.StepFailure;
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
import dev.byok.workflows.WorkflowState;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.byok.functions.recipes.RunFixtures.ACME;
import static dev.byok.functions.recipes.RunFixtures.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workflow state machine's step task, invoked as Lambda's Java runtime does it: events/workflow-step-*.json
 * (a run's state before its first and before its second step) deserialised by the runtime's own serialiser into
 * {@link WorkflowState}, the state after the step serialised back.
 */
@WithLocalAws
class WorkflowStepHandlerTest {
    private static final PojoSerializer<WorkflowState> STATE =
            JacksonFactory.getInstance().getSerializer(WorkflowState.class);
    private static final AnthropicFake anthropic = ProviderFakes.anthropic();
    private static final OpenAiFake openAi = ProviderFakes.openAi();
    private static WorkflowStepHandler handler;
    private static Map<String, String> fixture;

    @BeforeAll
    static void startHandler() {
        handler = new WorkflowStepHandler(ApplicationContext.builder().properties(TestApplication.properties()));
        ApplicationContext context = handler.getApplicationContext();
        String anthropicKey = RunFixtures.registerKey(context, "anthropic", RunFixtures.apiKeyFor("anthropic"));
        String openAiKey = RunFixtures.registerKey(context, "openai", RunFixtures.apiKeyFor("openai"));
        RecipeService recipes = context.getBean(RecipeService.class);
        String extract = recipes.create(ACME, new RecipeRequest("Extract facts", "support", null,
                "Summarise this customer message: {{message}}", null, Map.of("type", "object", "properties",
                Map.of("summary", Map.of("type", "string"), "sentiment", Map.of("type", "string")), "required",
                List.of("summary", "sentiment")), new ModelSelection("anthropic", "claude-haiku-4-5", anthropicKey),
                new RecipeParameters(200, null), null, null)).recipeId();
        String reply = recipes.create(ACME, new RecipeRequest("Support reply", "support",
                "You answer customers of {{company}} politely.", "Customer message: {{message}}\nReply in "
                + "{{language}}.", null, null, new ModelSelection("anthropic", "claude-haiku-4-5", anthropicKey),
                new RecipeParameters(300, null), null, null)).recipeId();
        fixture = Map.of("extractRecipeId", extract, "replyRecipeId", reply, "provider", "openai", "model",
                "gpt-4o-mini", "keyId", openAiKey);
    }

    @AfterAll
    static void stopHandler() {
        handler.close();
    }

    @AfterEach
    void resetFakes() {
        ProviderFakes.resetStarted();
    }

    /** events/{file} with the recipes, keys and the given values, as the state machine would send it. */
    private static String event(String file, Map<String, String> values) throws Exception {
        Map<String, String> placeholders = new HashMap<>(fixture);
        placeholders.putAll(values);
        return LambdaEvents.substitute(Files.readString(LambdaEvents.eventsDirectory().resolve(file),
                StandardCharsets.UTF_8), placeholders);
    }

    private static Map<String, String> values(String summary) {
        return Map.of("workflowRunId", Ids.workflowRunId(Instant.now()), "company", "Gärtnerei Ößé 🌱",
                "message", "Wo ist meine Bestellung #1234?", "summary", summary);
    }

    /** JSON in, JSON out, through the Lambda runtime's serialiser. */
    private static JsonNode invoke(String eventJson) throws Exception {
        WorkflowState input = STATE.fromJson(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)));
        WorkflowState output = handler.handleRequest(input, new TestLambdaContext());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        STATE.toJson(output, out);
        return JSON.readTree(out.toByteArray());
    }

    private static List<Map<String, AttributeValue>> runItemsOf(LocalAws aws, String workflowRunId) {
        return TableInspector.of(aws).items().stream().filter(item -> item.get("sk").s().startsWith("RUN#")
                && item.containsKey("workflowRunId") && workflowRunId.equals(item.get("workflowRunId").s())).toList();
    }

    @Test
    void the_first_step_runs_its_recipe_and_keeps_its_output_for_the_step_that_reads_it(LocalAws aws)
            throws Exception {
        String output = "{\"summary\": \"Bestellung #1234 verspätet 📦\", \"sentiment\": \"negative\"}";
        anthropic.stubGenerate(aResponse().withStatus(200).withHeader("content-type", "application/json")
                .withBody(RunFixtures.replyWith("anthropic", output)));
        Map<String, String> values = values("unused");

        JsonNode state = invoke(event("workflow-step-first.json", values));

        assertEquals(1, state.get("stepIndex").asInt());
        assertEquals(output, state.get("outputs").get("extract").asText(), "kept as the exact text");
        assertTrue(state.path("output").isMissingNode() || state.get("output").isNull(), "not the last step");
        JsonNode report = state.get("results").get(0);
        assertEquals("extract", report.get("stepName").asText());
        assertEquals("succeeded", report.get("status").asText());
        assertEquals("anthropic", report.get("provider").asText());
        assertEquals("Summarise this customer message: Wo ist meine Bestellung #1234?",
                JSON.readTree(anthropic.requests("POST", AnthropicFake.MESSAGES_PATH).get(0).body())
                        .get("messages").get(0).get("content").asText());
        List<Map<String, AttributeValue>> runs = runItemsOf(aws, values.get("workflowRunId"));
        assertEquals(1, runs.size());
        assertEquals(report.get("runId").asText(), runs.get(0).get("runId").s());
        assertEquals("wfl_0000000000support02", runs.get(0).get("workflowId").s());
        assertEquals("extract", runs.get(0).get("stepName").s());
    }

    @Test
    void the_second_step_reads_a_json_field_of_the_first_output_on_its_own_model_and_ends_the_run(LocalAws aws)
            throws Exception {
        String summary = "CANARY-SUMMARY-" + UUID.randomUUID() + " — Lieferung verspätet 📦 «ünïcödé»";
        Map<String, String> values = values(summary);
        String logs;
        JsonNode state;
        try (OutputCapture capture = OutputCapture.start()) {
            state = invoke(event("workflow-step-second.json", values));
            logs = capture.text();
        }

        assertTrue(anthropic.requests().isEmpty(), "the step's model override replaces the recipe's provider");
        JsonNode request = JSON.readTree(openAi.requests("POST", openAi.chatCompletionsPath()).get(0).body());
        assertEquals("gpt-4o-mini", request.get("model").asText());
        assertEquals("Customer message: " + summary + "\nReply in English.",
                request.get("messages").get(1).get("content").asText(), "the field's text, exactly");
        assertEquals("You answer customers of Gärtnerei Ößé 🌱 politely.",
                request.get("messages").get(0).get("content").asText());
        assertEquals(2, state.get("stepIndex").asInt());
        assertFalse(state.get("output").asText().isEmpty());
        assertEquals(0, state.get("outputs").size(), "no later step reads the first output: it left the state");
        assertEquals(List.of("extract", "reply"), List.of(state.get("results").get(0).get("stepName").asText(),
                state.get("results").get(1).get("stepName").asText()));
        Map<String, AttributeValue> run = runItemsOf(aws, values.get("workflowRunId")).get(0);
        assertEquals("reply", run.get("stepName").s());
        assertEquals("openai", run.get("provider").s());
        assertEquals("support-tier-2", run.get("department").s());
        assertEquals(List.of(), TableInspector.of(aws).itemsContaining(summary), "no item holds step data");
        assertEquals(List.of(), TableInspector.of(aws).itemsContaining(state.get("output").asText()));
        assertFalse(logs.contains(summary));
        assertFalse(logs.contains(state.get("output").asText()));
        assertTrue(logs.contains("\"stepName\":\"reply\""), "log lines carry the step's ids");
    }

    @Test
    void a_mapping_whose_field_is_missing_fails_the_step_naming_it_before_any_provider_call(LocalAws aws)
            throws Exception {
        Map<String, String> values = values("x");
        String json = event("workflow-step-second.json", values).replace(
                "{\\\"summary\\\": \\\"x\\\", ", "{\\\"gist\\\": \\\"CANARY-VALUE\\\", ");

        StepFailedException failure = assertThrows(StepFailedException.class, () -> invoke(json));

        assertFalse(failure instanceof StepRetryableException, "the same state would fail again");
        JsonNode cause = JSON.readTree(failure.getMessage());
        assertEquals("invalid_input", cause.get("code").asText());
        assertEquals("step 'reply': {{steps.extract.output.summary}} has no value",
                cause.get("errors").get(0).asText());
        assertFalse(failure.getMessage().contains("CANARY-VALUE"));
        assertTrue(openAi.requests().isEmpty());
        assertEquals(List.of(), runItemsOf(aws, values.get("workflowRunId")), "nothing ran, nothing recorded");
    }

    @Test
    void a_provider_that_stays_unavailable_is_the_retryable_error_the_state_machine_retries() throws Exception {
        openAi.stubFixture("error-server", 500);

        StepFailedException failure = assertThrows(StepFailedException.class,
                () -> invoke(event("workflow-step-second.json", values("summary"))));

        assertInstanceOf(StepRetryableException.class, failure);
        assertEquals(StepFailure.RETRYABLE_ERROR, failure.getClass().getName(), "the error name Step Functions sees");
        JsonNode cause = JSON.readTree(failure.getMessage());
        assertEquals("provider_unavailable", cause.get("code").asText());
        assertTrue(cause.get("runId").asText().startsWith("run_"));
    }

    @Test
    void the_same_step_of_the_same_run_delivered_twice_records_once_and_is_not_retried() throws Exception {
        String json = event("workflow-step-second.json", values("summary"));
        invoke(json);

        StepFailedException repeated = assertThrows(StepFailedException.class, () -> invoke(json));

        assertEquals(StepFailure.FAILED_ERROR, repeated.getClass().getName());
        assertEquals("duplicate_run", JSON.readTree(repeated.getMessage()).get("code").asText());
        assertEquals(1, openAi.requests("POST", openAi.chatCompletionsPath()).size());
    }

    @Test
    void a_state_without_a_tenant_is_refused_before_anything_runs() throws Exception {
        String json = event("workflow-step-first.json", values("x")).replace("\"tenantId\": \"acme\"",
                "\"tenantId\": null");

        StepFailedException failure = assertThrows(StepFailedException.class, () -> invoke(json));

        assertEquals("invalid_request", JSON.readTree(failure.getMessage()).get("code").asText());
        assertTrue(anthropic.requests().isEmpty());
    }
}
