package dev.byok.functions.recipes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.byok.keys.KeyService;
import dev.byok.keys.RegisterKeyRequest;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.OutputCapture;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.TableInspector;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.testing.lambda.HttpApiHandlers;
import dev.byok.testing.lambda.LambdaEvents;
import dev.byok.testing.providers.AnthropicFake;
import dev.byok.testing.providers.ProviderFakes;
import dev.byok.testing.providers.RecordedRequest;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recipe-execution Lambda handler, fed events/*.json, against moto and the Anthropic fake. */
@WithLocalAws
class RecipeExecutionHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AuthenticatedPrincipal ACME = new AuthenticatedPrincipal(new TenantId("acme"), "test");
    private static APIGatewayV2HTTPEventFunction handler;
    private static final AnthropicFake anthropic = ProviderFakes.anthropic();

    @BeforeAll
    static void startHandler() {
        handler = HttpApiHandlers.start(TestApplication.properties());
    }

    @AfterAll
    static void stopHandler() {
        handler.close();
    }

    @AfterEach
    void resetFake() {
        anthropic.reset();
    }

    private static APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        return HttpApiHandlers.invoke(handler, event);
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws Exception {
        return JSON.readTree(response.getBody());
    }

    /** Keys are registered through the service (the key-registration function is another artifact). */
    private static String registerKey(String apiKey) {
        return handler.getApplicationContext().getBean(KeyService.class)
                .register(ACME, new RegisterKeyRequest("anthropic", "test key " + UUID.randomUUID(), apiKey, null,
                        null)).keyId(); // a tenant's labels are unique
    }

    private static String createRecipe(String keyId) throws Exception {
        APIGatewayV2HTTPResponse response = call(LambdaEvents.load("recipes-create.json", Map.of("keyId", keyId)));
        assertEquals(201, response.getStatusCode(), response.getBody());
        return body(response).get("recipeId").asText();
    }

    private static APIGatewayV2HTTPResponse run(String recipeId, String company, String message) {
        return call(LambdaEvents.load("recipes-run.json", Map.of("recipeId", recipeId, "company", company,
                "message", message)));
    }

    @Test
    void a_recipe_is_created_versioned_and_readable_only_by_its_tenant() throws Exception {
        String recipeId = createRecipe(registerKey("sk-ant-" + UUID.randomUUID()));
        APIGatewayV2HTTPResponse read = call(LambdaEvents.load("recipes-get.json", Map.of("recipeId", recipeId)));
        assertEquals(200, read.getStatusCode());
        JsonNode recipe = body(read);
        assertEquals(1, recipe.get("version").asInt());
        assertEquals("support", recipe.get("department").asText());
        assertEquals("claude-haiku-4-5", recipe.get("model").get("model").asText());

        APIGatewayV2HTTPEvent asGlobex = LambdaEvents.withClaims(LambdaEvents.load("recipes-get.json",
                Map.of("recipeId", recipeId)), Map.of("sub", "x", "custom:tenant", "globex"));
        APIGatewayV2HTTPResponse other = call(asGlobex);
        assertEquals(404, other.getStatusCode());
        assertEquals("recipe_not_found", body(other).get("code").asText());
    }

    @Test
    void a_recipe_naming_an_unknown_key_is_rejected_with_every_problem_listed() throws Exception {
        APIGatewayV2HTTPEvent event = LambdaEvents.withBody(LambdaEvents.load("recipes-create.json",
                        Map.of("keyId", "x")),
                "{\"name\":\"\",\"template\":\"hi\",\"model\":{\"provider\":\"anthropic\",\"model\":\"m\","
                        + "\"keyId\":\"key_doesnotexist000000000\"},\"parameters\":{\"temperature\":7}}");
        APIGatewayV2HTTPResponse response = call(event);
        assertEquals(400, response.getStatusCode());
        JsonNode errors = body(response).get("errors");
        assertEquals(4, errors.size(), errors.toString()); // name, department, keyId, temperature
    }

    @Test
    void running_a_recipe_calls_the_provider_with_the_tenants_key_and_returns_output_usage_and_cost(LocalAws aws)
            throws Exception {
        String apiKey = "sk-ant-" + UUID.randomUUID();
        String recipeId = createRecipe(registerKey(apiKey));
        String company = "Zürich Gärten 🌱 " + UUID.randomUUID();
        String message = "my order is late — 注文 " + UUID.randomUUID();

        APIGatewayV2HTTPResponse response = run(recipeId, company, message);

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode result = body(response);
        assertEquals("succeeded", result.get("status").asText());
        assertTrue(result.get("runId").asText().startsWith("run_"));
        assertFalse(result.get("output").asText().isEmpty());
        assertEquals("anthropic", result.get("provider").asText());
        assertEquals("claude-haiku-4-5", result.get("model").asText());
        assertTrue(result.get("usage").get("inputTokens").asLong() > 0);
        assertTrue(result.get("usage").get("outputTokens").asLong() > 0);
        assertTrue(result.get("costUsd").asText().matches("0\\.\\d+"), result.toString());
        assertTrue(result.get("latencyMs").asLong() >= result.get("providerLatencyMs").asLong());

        List<RecordedRequest> calls = anthropic.requests("POST", AnthropicFake.MESSAGES_PATH);
        assertEquals(1, calls.size());
        RecordedRequest call = calls.get(0);
        assertEquals(apiKey, call.headers().get("x-api-key").get(0));
        assertEquals("2023-06-01", call.headers().get("anthropic-version").get(0));
        JsonNode sent = JSON.readTree(call.body());
        assertEquals("claude-haiku-4-5", sent.get("model").asText());
        assertEquals(300, sent.get("max_tokens").asInt());
        assertEquals("You answer customers of " + company + " politely.", sent.get("system").asText());
        assertEquals("Customer message: " + message + "\nReply in English.",
                sent.get("messages").get(0).get("content").asText());
        assertTrue(new String(call.body(), StandardCharsets.UTF_8).contains(company),
                "unicode reaches the provider byte-exact");

        TableInspector table = TableInspector.of(aws);
        assertTrue(table.itemsContaining(company).isEmpty(), "input must not be stored");
        assertTrue(table.itemsContaining(message).isEmpty(), "input must not be stored");
        assertTrue(table.itemsContaining(apiKey).isEmpty(), "the key must not be stored");
        assertTrue(table.itemsContaining(result.get("output").asText()).isEmpty(), "output must not be stored");
        assertEquals(1, table.itemsContaining(result.get("runId").asText()).size(), "exactly one run item");
    }

    @Test
    void a_canary_in_input_and_output_never_reaches_a_table_item_a_log_line_or_an_error_body(LocalAws aws)
            throws Exception {
        String canaryIn = "CANARY-IN-" + UUID.randomUUID();
        String canaryOut = "CANARY-OUT-" + UUID.randomUUID();
        String recipeId = createRecipe(registerKey("sk-ant-" + UUID.randomUUID()));
        ObjectNode reply = JSON.createObjectNode();
        reply.put("id", "msg_canary").put("type", "message").put("role", "assistant").put("model", "claude-haiku-4-5");
        reply.putArray("content").addObject().put("type", "text").put("text", "Here: " + canaryOut);
        reply.putObject("usage").put("input_tokens", 12).put("output_tokens", 5);
        anthropic.stubGenerate(aResponse().withStatus(200).withHeader("content-type", "application/json")
                .withHeader("request-id", "req_canary").withBody(JSON.writeValueAsString(reply)));

        String logs;
        APIGatewayV2HTTPResponse ok;
        APIGatewayV2HTTPResponse failed;
        try (OutputCapture output = OutputCapture.start()) {
            ok = run(recipeId, canaryIn, canaryIn);
            anthropic.reset();
            anthropic.stubFixture("error-invalid-request", 400);
            failed = run(recipeId, canaryIn, canaryIn);
            logs = output.text();
        }
        assertEquals(200, ok.getStatusCode());
        assertTrue(ok.getBody().contains(canaryOut), "the caller gets the output");
        assertEquals(502, failed.getStatusCode());
        assertEquals("provider_bad_request", body(failed).get("code").asText());
        for (String canary : List.of(canaryIn, canaryOut)) {
            assertFalse(logs.contains(canary), "logs must not contain " + canary);
            assertTrue(TableInspector.of(aws).itemsContaining(canary).isEmpty(), "no item may contain " + canary);
            assertFalse(failed.getBody().contains(canary), "error bodies must not contain " + canary);
        }
        assertFalse(failed.getBody().contains(anthropic.fixture("error-invalid-request").substring(30, 60)),
                "the provider's own message is not passed through");
    }

    @Test
    void a_missing_template_variable_is_rejected_before_any_provider_call_and_nothing_is_written(LocalAws aws)
            throws Exception {
        String recipeId = createRecipe(registerKey("sk-ant-" + UUID.randomUUID()));
        int itemsBefore = TableInspector.of(aws).items().size();
        APIGatewayV2HTTPEvent event = LambdaEvents.withBody(LambdaEvents.load("recipes-run.json",
                Map.of("recipeId", recipeId, "company", "c", "message", "m")), "{\"input\":{\"language\":\"fr\"}}");
        APIGatewayV2HTTPResponse response = call(event);
        assertEquals(400, response.getStatusCode());
        JsonNode problem = body(response);
        assertEquals("invalid_input", problem.get("code").asText());
        assertTrue(problem.get("detail").asText().contains("company, message"), problem.toString());
        assertTrue(anthropic.requests().isEmpty(), "no provider call");
        assertEquals(itemsBefore, TableInspector.of(aws).items().size(), "nothing written");
    }

    @Test
    void a_body_over_the_request_size_limit_is_refused_with_413_before_anything_runs(LocalAws aws) throws Exception {
        String recipeId = createRecipe(registerKey("sk-ant-" + UUID.randomUUID()));
        int itemsBefore = TableInspector.of(aws).items().size();
        String large = "x".repeat(1_200_000); // over the 1 MB limit, well under Lambda's own 6 MB
        APIGatewayV2HTTPEvent event = LambdaEvents.withBody(LambdaEvents.load("recipes-run.json",
                Map.of("recipeId", recipeId, "company", "c", "message", "m")),
                "{\"input\":{\"company\":\"c\",\"message\":\"" + large + "\"}}");

        APIGatewayV2HTTPResponse response = call(event);

        assertEquals(413, response.getStatusCode(), () -> response.getBody().substring(0, 300));
        JsonNode problem = body(response);
        assertEquals("payload_too_large", problem.get("code").asText());
        assertEquals(1_048_576, problem.get("limitBytes").asLong());
        assertTrue(problem.hasNonNull("requestId"), problem.toString());
        assertTrue(response.getHeaders().get("Content-Type").startsWith("application/problem+json"));
        assertTrue(anthropic.requests().isEmpty(), "no provider call");
        assertEquals(itemsBefore, TableInspector.of(aws).items().size(), "nothing written");
    }

    @Test
    void a_run_whose_key_was_deleted_fails_with_409_naming_the_key() throws Exception {
        String keyId = registerKey("sk-ant-" + UUID.randomUUID());
        String recipeId = createRecipe(keyId);
        handler.getApplicationContext().getBean(KeyService.class).delete(ACME, keyId);
        APIGatewayV2HTTPResponse response = run(recipeId, "c", "m");
        assertEquals(409, response.getStatusCode());
        JsonNode problem = body(response);
        assertEquals("key_not_found", problem.get("code").asText());
        assertEquals(keyId, problem.get("keyId").asText());
        assertTrue(problem.get("detail").asText().contains(keyId));
    }

    @Test
    void a_key_the_provider_rejects_fails_the_run_as_provider_auth_and_records_it(LocalAws aws) throws Exception {
        String recipeId = createRecipe(registerKey("sk-ant-invalid-" + UUID.randomUUID()));
        APIGatewayV2HTTPResponse response = run(recipeId, "c", "m");
        assertEquals(502, response.getStatusCode());
        JsonNode problem = body(response);
        assertEquals("provider_auth", problem.get("code").asText());
        assertNotNull(problem.get("runId"));
        assertEquals(401, problem.get("providerStatus").asInt());
        List<String> runItems = TableInspector.of(aws).itemsContaining(problem.get("runId").asText());
        assertEquals(1, runItems.size());
        assertTrue(runItems.get(0).contains("provider_auth"));
    }
}
