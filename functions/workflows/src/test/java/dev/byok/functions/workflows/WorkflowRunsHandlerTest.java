package dev.byok.functions.workflows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.byok.runs.StepFailure;
import dev.byok.testing.OutputCapture;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.TableInspector;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.testing.lambda.LambdaEvents;
import dev.byok.testing.providers.AnthropicFake;
import dev.byok.testing.providers.OpenAiFake;
import dev.byok.testing.providers.ProviderFakes;
import dev.byok.usage.UsageReport;
import dev.byok.usage.UsageRow;
import dev.byok.usage.UsageService;
import dev.byok.workflows.WorkflowLimits;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.byok.functions.workflows.WorkflowsHandlerTest.ACME;
import static dev.byok.functions.workflows.WorkflowsHandlerTest.JSON;
import static dev.byok.functions.workflows.WorkflowsHandlerTest.call;
import static dev.byok.functions.workflows.WorkflowsHandlerTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /workflows/{workflowId}/runs} through the workflows Lambda handler with events/workflows-run.json, each
 * step run for real (the same step executor the state machine's task runs, here in process) against moto and the
 * provider fakes.
 */
@WithLocalAws
class WorkflowRunsHandlerTest {
    private static final AnthropicFake anthropic = ProviderFakes.anthropic();
    private static final OpenAiFake openAi = ProviderFakes.openAi();
    private static APIGatewayV2HTTPEventFunction handler;
    private static Map<String, String> fixture;

    @BeforeAll
    static void startHandler() {
        handler = WorkflowsHandlerTest.start();
        fixture = WorkflowsHandlerTest.recipesAndKeys(handler.getApplicationContext());
    }

    @AfterAll
    static void stopHandler() {
        handler.close();
    }

    @AfterEach
    void resetFakes() {
        ProviderFakes.resetStarted();
    }

    private static String createWorkflow() throws Exception {
        return call(handler, event("workflows-create.json", fixture, Map.of()), 201).get("workflowId").asText();
    }

    private static APIGatewayV2HTTPEvent run(String workflowId, String company, String message) {
        return event("workflows-run.json", fixture, Map.of("workflowId", workflowId, "company", company,
                "message", message));
    }

    private static void extractAnswers(String json) {
        anthropic.stubGenerate(aResponse().withStatus(200).withHeader("content-type", "application/json")
                .withBody(anthropicReply(json)));
    }

    private static String anthropicReply(String text) {
        ObjectNode reply = JSON.createObjectNode().put("id", "msg_wf").put("type", "message").put("role", "assistant")
                .put("model", "claude-haiku-4-5").put("stop_reason", "end_turn");
        reply.putArray("content").addObject().put("type", "text").put("text", text);
        reply.putObject("usage").put("input_tokens", 400).put("output_tokens", 40);
        return reply.toString();
    }

    private static List<Map<String, AttributeValue>> runItems(LocalAws aws, String workflowRunId) {
        return TableInspector.of(aws).items().stream().filter(item -> item.get("sk").s().startsWith("RUN#")
                && item.containsKey("workflowRunId") && item.get("workflowRunId").s().equals(workflowRunId)).toList();
    }

    @Test
    void a_run_chains_the_steps_on_their_own_models_and_returns_the_last_output_with_each_steps_metadata(
            LocalAws aws) throws Exception {
        String workflowId = createWorkflow();
        String company = "CANARY-COMPANY-" + UUID.randomUUID() + " Gärtnerei 🌱";
        String message = "CANARY-MESSAGE-" + UUID.randomUUID() + " — où est ma commande ? 📦";
        String summary = "CANARY-SUMMARY-" + UUID.randomUUID() + " Commande #1234 en retard «ü»";
        extractAnswers(JSON.createObjectNode().put("summary", summary).put("sentiment", "negative").toString());

        String logs;
        JsonNode result;
        try (OutputCapture capture = OutputCapture.start()) {
            result = call(handler, run(workflowId, company, message), 200);
            logs = capture.text();
        }

        assertEquals("succeeded", result.get("status").asText());
        String workflowRunId = result.get("workflowRunId").asText();
        assertTrue(workflowRunId.startsWith("wfr_"));
        assertEquals(workflowId, result.get("workflowId").asText());
        JsonNode steps = result.get("steps");
        assertEquals("extract", steps.get(0).get("stepName").asText());
        assertEquals("anthropic", steps.get(0).get("provider").asText());
        assertEquals("reply", steps.get(1).get("stepName").asText());
        assertEquals("openai", steps.get(1).get("provider").asText(), "the step's model override");
        assertEquals("gpt-4o-mini", steps.get(1).get("model").asText());
        for (JsonNode step : steps) {
            assertEquals("succeeded", step.get("status").asText());
            assertTrue(step.get("usage").get("inputTokens").asLong() > 0);
            assertTrue(step.get("latencyMs").isNumber());
        }
        assertEquals(new BigDecimal(steps.get(0).get("costUsd").asText()).add(new BigDecimal(steps.get(1)
                .get("costUsd").asText())), new BigDecimal(result.get("costUsd").asText()));
        assertEquals("Customer message: " + summary + "\nReply in English.", JSON.readTree(openAi
                .requests("POST", openAi.chatCompletionsPath()).get(0).body()).get("messages").get(1).get("content")
                .asText(), "the JSON field of step 1's output, exactly, in step 2's prompt");
        String output = result.get("output").asText();
        assertFalse(output.isEmpty());

        List<Map<String, AttributeValue>> items = runItems(aws, workflowRunId);
        assertEquals(List.of("extract", "reply"), items.stream().map(item -> item.get("stepName").s()).sorted()
                .toList());
        items.forEach(item -> assertEquals(workflowId, item.get("workflowId").s()));
        TableInspector table = TableInspector.of(aws);
        for (String secret : List.of(company, message, summary, output)) {
            assertEquals(List.of(), table.itemsContaining(secret), "a table item contains step data");
            assertFalse(logs.contains(secret), "a log line contains step data");
        }
        assertTrue(logs.contains("\"workflowRunId\":\"" + workflowRunId + "\""), "logs carry the workflow run id");
    }

    @Test
    void usage_grouped_by_workflow_counts_every_step_of_its_runs() throws Exception {
        String workflowId = createWorkflow();
        extractAnswers("{\"summary\": \"late\", \"sentiment\": \"neutral\"}");
        call(handler, run(workflowId, "Acme", "late"), 200);
        extractAnswers("{\"summary\": \"broken\", \"sentiment\": \"negative\"}");
        call(handler, run(workflowId, "Acme", "broken"), 200);
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        UsageReport report = handler.getApplicationContext().getBean(UsageService.class)
                .report(ACME, today, today, "workflow");

        UsageRow row = report.rows().stream().filter(r -> workflowId.equals(r.workflowId())).findFirst()
                .orElseThrow();
        assertEquals(4, row.runs());
        assertEquals(4, row.succeeded());
    }

    @Test
    void a_failure_in_the_middle_stops_the_run_names_the_step_and_its_error_and_later_steps_never_run(
            LocalAws aws) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(event("workflows-create.json", fixture, Map.of()).getBody());
        ArrayNode steps = (ArrayNode) body.get("steps");
        ObjectNode format = steps.addObject().put("name", "format").put("recipeId", fixture.get("replyRecipeId"));
        format.putObject("input").put("company", "{{input.company}}").put("message", "{{steps.reply.output}}")
                .put("language", "German");
        String workflowId = call(handler, LambdaEvents.withBody(event("workflows-create.json", fixture, Map.of()),
                body.toString()), 201).get("workflowId").asText();
        extractAnswers("{\"summary\": \"late\", \"sentiment\": \"neutral\"}");
        openAi.acceptKeys(key -> false);

        JsonNode problem = call(handler, run(workflowId, "Acme", "late"), 502);

        assertEquals("provider_auth", problem.get("code").asText(), "the failed step's own code");
        assertEquals("reply", problem.get("failedStep").asText());
        assertEquals(StepFailure.FAILED_ERROR, problem.get("error").asText());
        assertTrue(problem.get("detail").asText().startsWith("Workflow step 'reply' failed: "));
        JsonNode ran = problem.get("steps");
        assertEquals(2, ran.size());
        assertEquals("succeeded", ran.get(0).get("status").asText());
        assertEquals("failed", ran.get(1).get("status").asText());
        assertEquals("provider_auth", ran.get(1).get("errorCode").asText());
        assertEquals(problem.get("runId").asText(), ran.get(1).get("runId").asText());
        assertEquals(1, anthropic.requests("POST", AnthropicFake.MESSAGES_PATH).size(), "format never ran");
        List<Map<String, AttributeValue>> items = runItems(aws, problem.get("workflowRunId").asText());
        assertEquals(2, items.size(), "extract succeeded and reply failed, each recorded; format never ran");
        assertTrue(items.stream().anyMatch(item -> item.get("stepName").s().equals("reply")
                && item.get("status").s().equals("failed")));
    }

    @Test
    void an_input_that_could_overflow_the_state_limit_is_refused_with_413_before_any_token_is_spent(LocalAws aws)
            throws Exception {
        String workflowId = createWorkflow();
        int runsBefore = (int) TableInspector.of(aws).items().stream()
                .filter(item -> item.get("sk").s().startsWith("RUN#")).count();

        JsonNode problem = call(handler, run(workflowId, "Acme", "x".repeat(WorkflowLimits.STATE_LIMIT_BYTES)), 413);

        assertEquals("payload_too_large", problem.get("code").asText());
        assertEquals(WorkflowLimits.STATE_LIMIT_BYTES, problem.get("limitBytes").asInt());
        assertTrue(problem.get("detail").asText().contains("256 KiB (262144 bytes)"), problem.toString());
        assertTrue(problem.get("estimatedBytes").asLong() > WorkflowLimits.STATE_LIMIT_BYTES);
        assertTrue(anthropic.requests().isEmpty());
        assertTrue(openAi.requests().isEmpty());
        assertEquals(runsBefore, TableInspector.of(aws).items().stream()
                .filter(item -> item.get("sk").s().startsWith("RUN#")).count());
    }

    @Test
    void an_input_without_a_value_a_mapping_reads_is_a_400_naming_step_and_reference() throws Exception {
        String workflowId = createWorkflow();
        APIGatewayV2HTTPEvent event = LambdaEvents.withBody(run(workflowId, "x", "y"),
                "{\"input\": {\"company\": \"Acme\"}}");

        JsonNode problem = call(handler, event, 400);

        assertEquals("invalid_input", problem.get("code").asText());
        assertEquals("step 'extract': {{input.message}} has no value", problem.get("errors").get(0).asText());
        assertTrue(anthropic.requests().isEmpty());
    }

    @Test
    void a_run_of_a_workflow_whose_recipe_was_deleted_is_refused_naming_the_step() throws Exception {
        Map<String, String> own = new HashMap<>(WorkflowsHandlerTest.recipesAndKeys(handler.getApplicationContext()));
        String workflowId = call(handler, event("workflows-create.json", own, Map.of()), 201).get("workflowId")
                .asText();
        handler.getApplicationContext().getBean(dev.byok.recipes.RecipeService.class).delete(ACME,
                own.get("replyRecipeId"));

        JsonNode problem = call(handler, event("workflows-run.json", own, Map.of("workflowId", workflowId,
                "company", "Acme", "message", "hi")), 409);

        assertEquals("reply", problem.get("failedStep").asText());
        assertTrue(anthropic.requests().isEmpty());
    }
}
