package dev.byok.deployment;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.byok.testing.OutputCapture;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.TableInspector;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.testing.lambda.LambdaEvents;
import dev.byok.testing.lambda.TestLambdaContext;
import dev.byok.testing.providers.AnthropicFake;
import dev.byok.testing.providers.ProviderFakes;
import dev.byok.testing.providers.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main job, end to end, on the artifacts {@code sam deploy} ships: each function's shaded jar (the {@code CodeUri}
 * of template.yaml) is loaded on its own and its {@code Handler} class is fed the API Gateway events in events/,
 * against moto and the Anthropic fake. Register a key, create a recipe, run it, read usage and runs; then prove that
 * nothing but metadata was kept.
 */
@WithLocalAws
class MainJobEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, IsolatedLambda<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> FUNCTIONS =
            new HashMap<>();
    private static final Map<String, String> CONFIGURATION = new HashMap<>();

    @BeforeAll
    static void deployArtifacts() {
        // What template.yaml's environment variables give the functions in AWS, given here as system properties.
        TestApplication.properties().forEach((name, value) -> CONFIGURATION.put(name, String.valueOf(value)));
        // moto cannot run the Java step task, so the workflows artifact runs workflow steps in process here.
        CONFIGURATION.put("byok.workflows.runner", "in-process");
        CONFIGURATION.forEach(System::setProperty);
        CloudFormationTemplate template = CloudFormationTemplate.read(DeploymentFiles.template());
        for (String function : DeployedFunctions.HTTP_API) {
            String handler = template.functionProperty(function, "Handler").asText();
            Path jar = DeploymentFiles.repositoryRoot().resolve(template.functionProperty(function, "CodeUri").asText());
            assertTrue(Files.isRegularFile(jar), "build the artifacts first: " + jar);
            FUNCTIONS.put(function, IsolatedLambda.load(jar, handler));
        }
    }

    @AfterAll
    static void undeploy() throws Exception {
        for (var function : FUNCTIONS.values()) {
            function.close();
        }
        CONFIGURATION.keySet().forEach(System::clearProperty);
    }

    private static APIGatewayV2HTTPResponse call(String function, APIGatewayV2HTTPEvent event) {
        return FUNCTIONS.get(function).invoke(event, new TestLambdaContext(function, java.time.Duration.ofSeconds(29)));
    }

    private static JsonNode ok(APIGatewayV2HTTPResponse response, int status) throws Exception {
        assertEquals(status, response.getStatusCode(), response.getBody());
        return JSON.readTree(response.getBody());
    }

    @Test
    void register_a_key_create_and_run_a_recipe_and_see_the_usage_with_only_metadata_kept(LocalAws aws)
            throws Exception {
        AnthropicFake anthropic = ProviderFakes.anthropic();
        anthropic.reset();
        String apiKey = "sk-ant-e2e-" + UUID.randomUUID();
        String company = "CANARY-COMPANY-" + UUID.randomUUID();
        String message = "CANARY-MESSAGE-" + UUID.randomUUID() + " — ünïcödé 🚚";
        String output = "CANARY-OUTPUT-" + UUID.randomUUID();
        ObjectNode reply = JSON.createObjectNode().put("id", "msg_e2e").put("type", "message")
                .put("role", "assistant").put("model", "claude-haiku-4-5");
        reply.putArray("content").addObject().put("type", "text").put("text", output);
        reply.putObject("usage").put("input_tokens", 1200).put("output_tokens", 300)
                .put("cache_read_input_tokens", 0).put("cache_creation_input_tokens", 0);
        anthropic.stubGenerate(aResponse().withStatus(200).withHeader("content-type", "application/json")
                .withHeader("request-id", "req_e2e").withBody(JSON.writeValueAsString(reply)));
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        String logs;
        String keyId;
        String recipeId;
        JsonNode run;
        try (OutputCapture capture = OutputCapture.start()) {
            // 1. Register the tenant's provider key.
            JsonNode key = ok(call(DeployedFunctions.KEY_REGISTRATION,
                    LambdaEvents.load("keys-register.json",
                            Map.of("apiKey", apiKey, "label", "end-to-end " + UUID.randomUUID()))), 201);
            keyId = key.get("keyId").asText();
            assertEquals(apiKey.substring(apiKey.length() - 4), key.get("last4").asText());
            assertFalse(key.toString().contains(apiKey));
            assertTrue(ok(call(DeployedFunctions.KEY_REGISTRATION, LambdaEvents.load("keys-list.json")), 200)
                    .toString().contains(keyId));

            // 2. Create a recipe that uses it, and read it back.
            JsonNode recipe = ok(call(DeployedFunctions.RECIPE_EXECUTION,
                    LambdaEvents.load("recipes-create.json", Map.of("keyId", keyId))), 201);
            recipeId = recipe.get("recipeId").asText();
            assertEquals(1, ok(call(DeployedFunctions.RECIPE_EXECUTION,
                    LambdaEvents.load("recipes-get.json", Map.of("recipeId", recipeId))), 200).get("version").asInt());

            // 3. Run it: the provider is called directly with the tenant's key; output, usage, cost come back.
            run = ok(call(DeployedFunctions.RECIPE_EXECUTION, LambdaEvents.load("recipes-run.json",
                    Map.of("recipeId", recipeId, "company", company, "message", message))), 200);

            // 4. Usage for today, grouped by recipe, and the run's metadata.
            JsonNode usage = ok(call(DeployedFunctions.USAGE_QUERY, LambdaEvents.load("usage-by-recipe.json",
                    Map.of("from", today, "to", today))), 200);
            JsonNode row = null;
            for (JsonNode candidate : usage.get("rows")) {
                if (recipeId.equals(candidate.get("recipeId").asText())) {
                    row = candidate;
                }
            }
            assertTrue(row != null, usage.toString());
            assertEquals(1, row.get("runs").asLong());
            assertEquals(1200, row.get("inputTokens").asLong());
            assertEquals(300, row.get("outputTokens").asLong());
            assertEquals(run.get("costUsd").asText(), row.get("costUsd").asText());

            JsonNode runs = ok(call(DeployedFunctions.USAGE_QUERY, LambdaEvents.load("runs-list.json")), 200);
            assertTrue(runs.get("items").toString().contains(run.get("runId").asText()));
            logs = capture.text();
        }

        assertEquals("succeeded", run.get("status").asText());
        assertEquals(output, run.get("output").asText());
        assertEquals(1200, run.get("usage").get("inputTokens").asLong());
        // claude-haiku-4-5: 1200 × 1 + 300 × 5 USD per million tokens
        assertEquals("0.0027", run.get("costUsd").asText());
        assertEquals("req_e2e", run.get("providerRequestId").asText());

        List<RecordedRequest> calls = anthropic.requests("POST", AnthropicFake.MESSAGES_PATH);
        assertEquals(1, calls.size());
        assertEquals(apiKey, calls.get(0).headers().get("x-api-key").get(0));
        String renderedPrompt = "Customer message: " + message + "\nReply in English.";
        assertEquals(renderedPrompt, JSON.readTree(calls.get(0).body()).get("messages").get(0).get("content").asText());

        // Only metadata was kept: no table item and no log line holds the key, the prompt, the input or the output.
        TableInspector table = TableInspector.of(aws);
        for (String secret : List.of(apiKey, renderedPrompt, company, message, output)) {
            assertEquals(List.of(), table.itemsContaining(secret), "a table item contains " + secret);
            assertFalse(logs.contains(secret), "a log line contains " + secret);
        }
        assertFalse(logs.isBlank(), "the functions did log (as JSON lines)");
        assertTrue(logs.contains("\"runId\":\"" + run.get("runId").asText() + "\""), "logs carry the run id");
    }

    @Test
    void a_workflow_chains_two_recipes_through_the_shipped_workflows_artifact_and_usage_counts_it_per_workflow(
            LocalAws aws) throws Exception {
        AnthropicFake anthropic = ProviderFakes.anthropic();
        anthropic.reset();
        String summary = "CANARY-SUMMARY-" + UUID.randomUUID() + " rake broken 🌱";
        String message = "CANARY-MESSAGE-" + UUID.randomUUID();
        ObjectNode reply = JSON.createObjectNode().put("id", "msg_wf").put("type", "message")
                .put("role", "assistant").put("model", "claude-haiku-4-5");
        reply.putArray("content").addObject().put("type", "text").put("text", JSON.createObjectNode()
                .put("summary", summary).toString());
        reply.putObject("usage").put("input_tokens", 100).put("output_tokens", 20);
        anthropic.stubGenerate(aResponse().withStatus(200).withHeader("content-type", "application/json")
                .withBody(JSON.writeValueAsString(reply)));
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        String logs;
        JsonNode run;
        JsonNode usage;
        String workflowId;
        try (OutputCapture capture = OutputCapture.start()) {
            String anthropicKey = ok(call(DeployedFunctions.KEY_REGISTRATION, LambdaEvents.load("keys-register.json",
                    Map.of("apiKey", "sk-ant-wf-" + UUID.randomUUID(), "label", "wf " + UUID.randomUUID()))), 201)
                    .get("keyId").asText();
            String openAiKey = ok(call(DeployedFunctions.KEY_REGISTRATION, LambdaEvents.withBody(LambdaEvents.load(
                    "keys-register.json", Map.of("apiKey", "unused", "label", "unused")), JSON.createObjectNode()
                    .put("provider", "openai").put("label", "wf " + UUID.randomUUID())
                    .put("apiKey", "sk-wf-" + UUID.randomUUID()).toString())), 201).get("keyId").asText();
            String replyRecipe = ok(call(DeployedFunctions.RECIPE_EXECUTION, LambdaEvents.load("recipes-create.json",
                    Map.of("keyId", anthropicKey))), 201).get("recipeId").asText();
            ObjectNode extract = JSON.createObjectNode().put("name", "Extract facts").put("department", "support")
                    .put("template", "Summarise: {{message}}");
            extract.putObject("outputSchema").put("type", "object").putArray("required").add("summary");
            ((ObjectNode) extract.get("outputSchema")).putObject("properties").putObject("summary")
                    .put("type", "string");
            extract.putObject("model").put("provider", "anthropic").put("model", "claude-haiku-4-5")
                    .put("keyId", anthropicKey);
            String extractRecipe = ok(call(DeployedFunctions.RECIPE_EXECUTION, LambdaEvents.withBody(
                    LambdaEvents.load("recipes-create.json", Map.of("keyId", anthropicKey)), extract.toString())), 201)
                    .get("recipeId").asText();
            Map<String, String> ids = Map.of("extractRecipeId", extractRecipe, "replyRecipeId", replyRecipe,
                    "keyId", openAiKey);
            workflowId = ok(call(DeployedFunctions.WORKFLOWS, LambdaEvents.load("workflows-create.json", ids)), 201)
                    .get("workflowId").asText();

            run = ok(call(DeployedFunctions.WORKFLOWS, LambdaEvents.load("workflows-run.json", Map.of("workflowId",
                    workflowId, "company", "Acme", "message", message))), 200);
            APIGatewayV2HTTPEvent byWorkflow = LambdaEvents.load("usage-by-recipe.json", Map.of("from", today,
                    "to", today));
            byWorkflow.getQueryStringParameters().put("groupBy", "workflow");
            byWorkflow.setRawQueryString("from=" + today + "&to=" + today + "&groupBy=workflow");
            usage = ok(call(DeployedFunctions.USAGE_QUERY, byWorkflow), 200);
            logs = capture.text();
        }

        assertEquals("succeeded", run.get("status").asText());
        assertEquals(List.of("anthropic", "openai"), List.of(run.get("steps").get(0).get("provider").asText(),
                run.get("steps").get(1).get("provider").asText()));
        JsonNode row = null;
        for (JsonNode candidate : usage.get("rows")) {
            if (workflowId.equals(candidate.get("workflowId").asText())) {
                row = candidate;
            }
        }
        assertTrue(row != null, usage.toString());
        assertEquals(2, row.get("runs").asLong(), "one run per step");
        TableInspector table = TableInspector.of(aws);
        for (String secret : List.of(summary, message, run.get("output").asText())) {
            assertEquals(List.of(), table.itemsContaining(secret), "a table item contains " + secret);
            assertFalse(logs.contains(secret), "a log line contains " + secret);
        }
    }

    @Test
    void each_artifact_serves_only_its_own_routes_and_loads_its_handler_from_its_own_jar() {
        APIGatewayV2HTTPResponse wrongFunction = call(DeployedFunctions.KEY_REGISTRATION,
                LambdaEvents.load("recipes-get.json", Map.of("recipeId", "rcp_aaaaaaaaaaaaaaaaaaaa")));
        assertEquals(404, wrongFunction.getStatusCode());
        assertEquals("not_found", readCode(wrongFunction));
        ClassLoader keys = FUNCTIONS.get(DeployedFunctions.KEY_REGISTRATION).handlerClass().getClassLoader();
        ClassLoader usage = FUNCTIONS.get(DeployedFunctions.USAGE_QUERY).handlerClass().getClassLoader();
        assertNotEquals(keys, usage);
        assertNotEquals(getClass().getClassLoader(), keys);
    }

    private static String readCode(APIGatewayV2HTTPResponse response) {
        try {
            return JSON.readTree(response.getBody()).get("code").asText();
        } catch (Exception e) {
            throw new AssertionError(response.getBody(), e);
        }
    }
}
