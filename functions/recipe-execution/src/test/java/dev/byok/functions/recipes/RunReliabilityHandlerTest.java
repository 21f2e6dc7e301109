package dev.byok.functions.recipes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.byok.recipes.Recipe;
import dev.byok.recipes.RecipeRequest;
import dev.byok.recipes.RecipeService;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.TableInspector;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.testing.lambda.HttpApiHandlers;
import dev.byok.testing.lambda.LambdaEvents;
import dev.byok.testing.providers.AnthropicFake;
import dev.byok.testing.providers.OpenAiFake;
import dev.byok.testing.providers.ProviderFakes;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.byok.functions.recipes.RunFixtures.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries, fallback, idempotency and schemas, through the real Lambda handler. Waits are recorded, not slept. */
@WithLocalAws
class RunReliabilityHandlerTest {
    private static APIGatewayV2HTTPEventFunction handler;
    private static final AnthropicFake anthropic = ProviderFakes.anthropic();
    private static final OpenAiFake openAi = ProviderFakes.openAi();

    @BeforeAll
    static void startHandler() {
        handler = HttpApiHandlers.start(TestApplication.properties());
    }

    @AfterAll
    static void stopHandler() {
        handler.close();
    }

    @AfterEach
    void reset() {
        ProviderFakes.resetStarted();
        sleeper().clear();
    }

    private static RecordingSleeper sleeper() {
        return handler.getApplicationContext().getBean(RecordingSleeper.class);
    }

    private static APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        return HttpApiHandlers.invoke(handler, event);
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws Exception {
        return JSON.readTree(response.getBody());
    }

    private static String key(String provider) {
        return RunFixtures.registerKey(handler.getApplicationContext(), provider, RunFixtures.apiKeyFor(provider));
    }

    private static String create(ObjectNode recipe) throws Exception {
        APIGatewayV2HTTPResponse created = call(RunFixtures.createEvent(recipe));
        assertEquals(201, created.getStatusCode(), created.getBody());
        return body(created).get("recipeId").asText();
    }

    private static APIGatewayV2HTTPResponse run(String recipeId) {
        return call(RunFixtures.runEvent(recipeId, "Acme", "Where is my order?"));
    }

    private static Map<String, AttributeValue> runItem(LocalAws aws, String runId) {
        return TableInspector.of(aws).items().stream()
                .filter(item -> item.get("sk").s().startsWith("RUN#") && item.get("sk").s().endsWith(runId))
                .findFirst().orElseThrow();
    }

    @Test
    void a_rate_limited_call_is_retried_after_the_providers_hint_and_the_run_records_its_attempts(LocalAws aws)
            throws Exception {
        String recipeId = create(RunFixtures.recipeBody("anthropic", key("anthropic")));
        anthropic.stubFixtureForNextCalls(1, "error-rate-limit", 429, Map.of("retry-after", "2"));

        APIGatewayV2HTTPResponse response = run(recipeId);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(2, body(response).get("attempts").asInt());
        assertEquals(List.of(Duration.ofSeconds(2)), sleeper().waits());
        assertEquals("2", runItem(aws, body(response).get("runId").asText()).get("attempts").n());
    }

    @Test
    void an_overloaded_provider_is_retried_until_the_attempts_run_out_then_the_run_fails_as_unavailable(
            LocalAws aws) throws Exception {
        String recipeId = create(RunFixtures.recipeBody("anthropic", key("anthropic")));
        anthropic.stubFixture("error-overloaded", 529);

        APIGatewayV2HTTPResponse response = run(recipeId);

        assertEquals(502, response.getStatusCode(), response.getBody());
        JsonNode problem = body(response);
        assertEquals("provider_unavailable", problem.get("code").asText());
        assertEquals(3, problem.get("attempts").asInt());
        assertEquals(529, problem.get("providerStatus").asInt());
        assertTrue(problem.get("providerRequestId").asText().startsWith("req_"));
        assertEquals(3, anthropic.requests("POST", AnthropicFake.MESSAGES_PATH).size());
        assertEquals(2, sleeper().waits().size());
        Map<String, AttributeValue> item = runItem(aws, problem.get("runId").asText());
        assertEquals("failed", item.get("status").s());
        assertEquals("3", item.get("attempts").n());
        assertEquals("0", item.get("costPicoUsd").n(), "failed calls bill nothing");
    }

    @Test
    void quota_exhaustion_and_bad_requests_are_never_retried() throws Exception {
        String recipeId = create(RunFixtures.recipeBody("openai", key("openai")));
        openAi.stubFixture("error-insufficient-quota", 429, Map.of("retry-after", "1"));
        APIGatewayV2HTTPResponse quota = run(recipeId);
        assertEquals(429, quota.getStatusCode(), quota.getBody());
        assertEquals("provider_quota_exhausted", body(quota).get("code").asText());
        assertEquals(1, openAi.requests("POST", openAi.chatCompletionsPath()).size());

        openAi.reset();
        openAi.stubFixture("error-model-not-found", 404);
        APIGatewayV2HTTPResponse notFound = run(recipeId);
        assertEquals("provider_bad_request", body(notFound).get("code").asText());
        assertEquals(1, openAi.requests("POST", openAi.chatCompletionsPath()).size());
        assertTrue(sleeper().waits().isEmpty());
    }

    @Test
    void the_fallback_model_answers_when_the_primary_keeps_failing(LocalAws aws) throws Exception {
        ObjectNode recipe = RunFixtures.recipeBody("anthropic", key("anthropic"));
        recipe.putObject("fallback").put("provider", "openai").put("model", "gpt-4o-mini")
                .put("keyId", key("openai"));
        String recipeId = create(recipe);
        anthropic.stubFixture("error-overloaded", 529);

        APIGatewayV2HTTPResponse response = run(recipeId);

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode result = body(response);
        assertEquals("openai", result.get("provider").asText());
        assertEquals("gpt-4o-mini", result.get("model").asText());
        assertEquals(4, result.get("attempts").asInt(), "three on the primary, one on the fallback");
        assertEquals(1, openAi.requests("POST", openAi.chatCompletionsPath()).size());
        Map<String, AttributeValue> item = runItem(aws, result.get("runId").asText());
        assertEquals("openai", item.get("provider").s(), "the run is accounted to the model that answered");
    }

    @Test
    void a_fallback_of_another_provider_than_its_key_is_rejected_when_the_recipe_is_saved() throws Exception {
        ObjectNode recipe = RunFixtures.recipeBody("anthropic", key("anthropic"));
        recipe.putObject("fallback").put("provider", "gemini").put("model", "gemini-2.5-flash")
                .put("keyId", key("openai"));
        APIGatewayV2HTTPResponse response = call(RunFixtures.createEvent(recipe));
        assertEquals(400, response.getStatusCode());
        assertTrue(body(response).get("errors").toString().contains("fallback.keyId is a key of another provider"));
    }

    @Test
    void a_repeated_idempotency_key_records_once_and_is_refused_without_calling_the_provider(LocalAws aws)
            throws Exception {
        String recipeId = create(RunFixtures.recipeBody("anthropic", key("anthropic")));
        String idempotencyKey = "order-1234-" + UUID.randomUUID();
        APIGatewayV2HTTPEvent event = RunFixtures.withHeader(RunFixtures.runEvent(recipeId, "Acme", "late"),
                "idempotency-key", idempotencyKey);
        int aggregatesBefore = aggregateRuns(aws, recipeId);

        APIGatewayV2HTTPResponse first = call(event);
        APIGatewayV2HTTPResponse second = call(event);

        assertEquals(200, first.getStatusCode(), first.getBody());
        String runId = body(first).get("runId").asText();
        assertEquals(409, second.getStatusCode(), second.getBody());
        JsonNode problem = body(second);
        assertEquals("duplicate_run", problem.get("code").asText());
        assertEquals(runId, problem.get("runId").asText(), "the caller learns which run holds the key");
        assertTrue(problem.get("output") == null, "outputs are never kept, so never replayed");
        assertEquals(1, anthropic.requests("POST", AnthropicFake.MESSAGES_PATH).size(), "nothing spent twice");
        assertEquals(1, TableInspector.of(aws).items().stream()
                .filter(item -> item.get("sk").s().startsWith("RUN#")
                        && item.get("recipeId").s().equals(recipeId)).count(), "one run item");
        assertEquals(aggregatesBefore + 1, aggregateRuns(aws, recipeId), "counted once");
        assertTrue(TableInspector.of(aws).itemsContaining(idempotencyKey).isEmpty(), "only its digest is kept");
    }

    @Test
    void concurrent_requests_with_one_idempotency_key_call_the_provider_once(LocalAws aws) throws Exception {
        String recipeId = create(RunFixtures.recipeBody("anthropic", key("anthropic")));
        APIGatewayV2HTTPEvent event = RunFixtures.withHeader(RunFixtures.runEvent(recipeId, "Acme", "late"),
                "Idempotency-Key", "double-click-" + UUID.randomUUID());
        anthropic.stubDelay(Duration.ofSeconds(3));
        // A second execution environment: its own caches, the same table, as when Lambda runs two instances.
        APIGatewayV2HTTPEventFunction other = HttpApiHandlers.start(TestApplication.properties());
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<APIGatewayV2HTTPResponse> first = caller.submit(() -> call(event));
            awaitClaimInProgress(aws, recipeId, first);

            APIGatewayV2HTTPResponse concurrent = HttpApiHandlers.invoke(other, event);

            assertEquals(409, concurrent.getStatusCode(), concurrent.getBody());
            JsonNode refused = body(concurrent);
            assertEquals("duplicate_run", refused.get("code").asText());
            assertEquals("in_progress", refused.get("state").asText());
            APIGatewayV2HTTPResponse firstResponse = first.get(30, TimeUnit.SECONDS);
            assertEquals(200, firstResponse.getStatusCode(), firstResponse.getBody());
            String runId = body(firstResponse).get("runId").asText();
            assertEquals(runId, refused.get("runId").asText(), "the refusal names the run in progress");

            APIGatewayV2HTTPResponse after = HttpApiHandlers.invoke(other, event);
            assertEquals(409, after.getStatusCode(), after.getBody());
            assertEquals("completed", body(after).get("state").asText());
            assertEquals(runId, body(after).get("runId").asText());
            assertEquals(1, anthropic.requests("POST", AnthropicFake.MESSAGES_PATH).size(), "spent once");
            assertEquals(1, TableInspector.of(aws).items().stream()
                    .filter(item -> item.get("sk").s().startsWith("RUN#")
                            && item.get("recipeId").s().equals(recipeId)).count(), "recorded once");
        } finally {
            caller.shutdownNow();
            other.close();
        }
    }

    /** Waits (at most 20 s) until the run on the other thread holds its idempotency key in progress. */
    private static void awaitClaimInProgress(LocalAws aws, String recipeId, Future<?> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && !run.isDone()) {
            boolean held = TableInspector.of(aws).items().stream().anyMatch(item -> item.get("sk").s()
                    .startsWith("IDEMPOTENCY#") && recipeId.equals(item.get("recipeId").s())
                    && "IN_PROGRESS".equals(item.get("state").s()));
            if (held) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the first run never held its idempotency key in progress"
                + (run.isDone() ? ": it already answered " + run.get() : ""));
    }

    @Test
    void a_run_with_invalid_output_gives_its_idempotency_key_back(LocalAws aws) throws Exception {
        ObjectNode recipe = RunFixtures.recipeBody("anthropic", key("anthropic"));
        recipe.set("outputSchema", JSON.readTree("{\"type\":\"object\",\"required\":[\"answer\"]}"));
        String recipeId = create(recipe);
        APIGatewayV2HTTPEvent event = RunFixtures.withHeader(RunFixtures.runEvent(recipeId, "Acme", "late"),
                "Idempotency-Key", "invalid-then-retry-" + UUID.randomUUID());

        APIGatewayV2HTTPResponse invalid = call(event);
        APIGatewayV2HTTPResponse retried = call(event);

        assertEquals("invalid_output", body(invalid).get("code").asText(), invalid.getBody());
        assertEquals("invalid_output", body(retried).get("code").asText(), "retried, not refused as a duplicate");
        assertEquals(2, anthropic.requests("POST", AnthropicFake.MESSAGES_PATH).size());
        assertTrue(TableInspector.of(aws).items().stream().noneMatch(item -> item.get("sk").s()
                .startsWith("IDEMPOTENCY#") && recipeId.equals(item.get("recipeId").s())), "no claim left behind");
    }

    @Test
    void a_failed_run_leaves_its_idempotency_key_free_for_a_retry() throws Exception {
        String recipeId = create(RunFixtures.recipeBody("anthropic", key("anthropic")));
        APIGatewayV2HTTPEvent event = RunFixtures.withHeader(RunFixtures.runEvent(recipeId, "Acme", "late"),
                "Idempotency-Key", "retry-me-" + UUID.randomUUID());
        anthropic.stubFixture("error-api", 500);
        assertEquals(502, call(event).getStatusCode());
        anthropic.reset();
        APIGatewayV2HTTPResponse retried = call(event);
        assertEquals(200, retried.getStatusCode(), retried.getBody());
    }

    @Test
    void an_unusable_idempotency_key_is_rejected_before_anything_happens(LocalAws aws) throws Exception {
        String recipeId = create(RunFixtures.recipeBody("anthropic", key("anthropic")));
        int items = TableInspector.of(aws).items().size();
        APIGatewayV2HTTPResponse response = call(RunFixtures.withHeader(RunFixtures.runEvent(recipeId, "a", "b"),
                "idempotency-key", "not ok/" + "x".repeat(200)));
        assertEquals(400, response.getStatusCode());
        assertEquals("invalid_request", body(response).get("code").asText());
        assertTrue(anthropic.requests().isEmpty());
        assertEquals(items, TableInspector.of(aws).items().size());
    }

    @Test
    void input_that_breaks_the_input_schema_is_refused_with_every_violation_before_any_spend(LocalAws aws)
            throws Exception {
        ObjectNode recipe = RunFixtures.recipeBody("anthropic", key("anthropic"));
        recipe.set("inputSchema", JSON.readTree("{\"type\":\"object\",\"required\":[\"company\",\"message\"],"
                + "\"properties\":{\"company\":{\"type\":\"string\",\"maxLength\":10},"
                + "\"message\":{\"type\":\"string\"},\"language\":{\"enum\":[\"English\",\"French\"]}}}"));
        String recipeId = create(recipe);
        int items = TableInspector.of(aws).items().size();
        String secret = "CANARY-" + UUID.randomUUID();
        APIGatewayV2HTTPEvent event = LambdaEvents.withBody(RunFixtures.runEvent(recipeId, "a", "b"),
                "{\"input\":{\"company\":\"" + secret + "\",\"language\":\"Klingon\"}}");

        APIGatewayV2HTTPResponse response = call(event);

        assertEquals(400, response.getStatusCode(), response.getBody());
        JsonNode problem = body(response);
        assertEquals("invalid_input", problem.get("code").asText());
        String errors = problem.get("errors").toString();
        assertTrue(errors.contains("input.company violates maxLength"), errors);
        assertTrue(errors.contains("input.message is required"), errors);
        assertTrue(errors.contains("input.language violates enum"), errors);
        assertTrue(errors.contains("input.message is required by the template"), errors);
        assertTrue(!response.getBody().contains(secret) && !response.getBody().contains("Klingon"));
        assertTrue(anthropic.requests().isEmpty(), "no provider call");
        assertEquals(items, TableInspector.of(aws).items().size(), "nothing written");
    }

    @Test
    void a_reply_that_breaks_the_output_schema_is_recorded_as_invalid_output(LocalAws aws) throws Exception {
        ObjectNode recipe = RunFixtures.recipeBody("anthropic", key("anthropic"));
        recipe.set("outputSchema", JSON.readTree("{\"type\":\"object\",\"required\":[\"reply\",\"priority\"],"
                + "\"properties\":{\"reply\":{\"type\":\"string\"},\"priority\":{\"type\":\"integer\","
                + "\"enum\":[1,2,3,4,5]}}}"));
        String recipeId = create(recipe);

        APIGatewayV2HTTPResponse valid = run(recipeId);
        assertEquals(200, valid.getStatusCode(), valid.getBody());
        JsonNode output = JSON.readTree(body(valid).get("output").asText());
        assertTrue(output.get("priority").isInt(), "the fake followed the schema Anthropic was sent");
        JsonNode sent = anthropic.requests().get(0).bodyAsJson();
        assertEquals("json_schema", sent.path("output_config").path("format").path("type").asText());

        anthropic.stubGenerate(aResponse().withStatus(200).withHeader("content-type", "application/json")
                .withBody(RunFixtures.replyWith("anthropic", "{\"reply\":\"hi\",\"priority\":9}")));
        APIGatewayV2HTTPResponse invalid = run(recipeId);
        assertEquals(502, invalid.getStatusCode(), invalid.getBody());
        JsonNode problem = body(invalid);
        assertEquals("invalid_output", problem.get("code").asText());
        assertTrue(problem.get("errors").toString().contains("output.priority violates enum"));
        assertTrue(!invalid.getBody().contains("\"hi\""), "the reply itself is not echoed");
        Map<String, AttributeValue> item = runItem(aws, problem.get("runId").asText());
        assertEquals("invalid_output", item.get("status").s());
        assertTrue(Long.parseLong(item.get("outputTokens").n()) > 0, "its tokens were spent and are counted");
    }

    @Test
    void a_recipe_with_an_unusable_schema_is_refused() throws Exception {
        ObjectNode recipe = RunFixtures.recipeBody("anthropic", key("anthropic"));
        recipe.set("inputSchema", JSON.readTree("{\"type\":\"banana\"}"));
        recipe.set("outputSchema", JSON.readTree("{\"type\":\"array\"}"));
        APIGatewayV2HTTPResponse response = call(RunFixtures.createEvent(recipe));
        assertEquals(400, response.getStatusCode());
        String errors = body(response).get("errors").toString();
        assertTrue(errors.contains("inputSchema"), errors);
        assertTrue(errors.contains("outputSchema must describe an object"), errors);
    }

    @Test
    void a_run_can_override_model_key_and_department(LocalAws aws) throws Exception {
        String recipeId = create(RunFixtures.recipeBody("anthropic", key("anthropic")));
        String openAiKey = key("openai");
        APIGatewayV2HTTPEvent event = LambdaEvents.load("recipes-run-with-overrides.json", Map.of("recipeId", recipeId,
                "company", "Acme", "message", "hi", "provider", "openai", "model", "gpt-4o-mini", "keyId", openAiKey,
                "department", "legal"));
        APIGatewayV2HTTPResponse response = call(event);
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("openai", body(response).get("provider").asText());
        Map<String, AttributeValue> item = runItem(aws, body(response).get("runId").asText());
        assertEquals("legal", item.get("department").s());
        assertEquals(openAiKey, item.get("keyId").s());
        assertTrue(anthropic.requests().isEmpty());
    }

    @Test
    void a_recipe_timeout_bounds_the_whole_provider_phase_and_is_reported_as_provider_timeout(LocalAws aws)
            throws Exception {
        ObjectNode recipe = RunFixtures.recipeBody("anthropic", key("anthropic"));
        recipe.put("timeoutSeconds", 1);
        String recipeId = create(recipe);
        anthropic.stubDelay(Duration.ofMillis(2500));

        APIGatewayV2HTTPResponse response = run(recipeId);

        assertEquals(504, response.getStatusCode(), response.getBody());
        JsonNode problem = body(response);
        assertEquals("provider_timeout", problem.get("code").asText());
        assertEquals(1, problem.get("attempts").asInt(), "no retry fits in what is left of one second");
        assertTrue(body(response).get("runId") != null);
        assertEquals("provider_timeout", runItem(aws, problem.get("runId").asText()).get("errorCode").s());
    }

    @Test
    void an_updated_recipe_runs_with_its_new_version_and_the_run_records_it(LocalAws aws) throws Exception {
        String keyId = key("anthropic");
        String recipeId = create(RunFixtures.recipeBody("anthropic", keyId));
        RecipeService recipes = handler.getApplicationContext().getBean(RecipeService.class);
        Recipe current = recipes.get(RunFixtures.ACME, recipeId);
        recipes.update(RunFixtures.ACME, recipeId, new RecipeRequest(current.name(), current.department(),
                current.system(), current.template() + " Be brief.", null, null, current.model(),
                current.parameters(), null, null));

        APIGatewayV2HTTPResponse response = run(recipeId);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(2, body(response).get("recipeVersion").asInt());
        assertEquals("2", runItem(aws, body(response).get("runId").asText()).get("recipeVersion").n());
        assertTrue(anthropic.requests().get(0).bodyAsString().contains("Be brief."));
    }

    @Test
    void a_reply_without_usage_succeeds_and_is_recorded_as_usage_missing_and_unpriced(LocalAws aws)
            throws Exception {
        String recipeId = create(RunFixtures.recipeBody("anthropic", key("anthropic")));
        anthropic.stubFixture("messages-usage-missing", 200);

        APIGatewayV2HTTPResponse response = run(recipeId);

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode result = body(response);
        assertTrue(result.get("usage").isNull());
        assertTrue(result.get("costUsd").isNull(), "unknown usage is unpriced, never free");
        Map<String, AttributeValue> item = runItem(aws, result.get("runId").asText());
        assertTrue(item.get("usageMissing").bool());
        assertTrue(item.get("costPicoUsd") == null);
    }

    @Test
    void a_refusal_fails_the_run_as_content_filtered_and_still_accounts_its_tokens(LocalAws aws) throws Exception {
        String recipeId = create(RunFixtures.recipeBody("anthropic", key("anthropic")));
        anthropic.stubFixture("messages-refusal", 200);

        APIGatewayV2HTTPResponse response = run(recipeId);

        assertEquals(422, response.getStatusCode(), response.getBody());
        JsonNode problem = body(response);
        assertEquals("provider_content_filtered", problem.get("code").asText());
        assertEquals(1, problem.get("attempts").asInt(), "the same prompt would be refused again");
        Map<String, AttributeValue> item = runItem(aws, problem.get("runId").asText());
        assertEquals("failed", item.get("status").s());
        assertEquals("35", item.get("inputTokens").n());
        // claude-haiku-4-5: 35 in at 1 + 1 out at 5 USD per million = 40 micro-USD
        assertEquals("40000000", item.get("costPicoUsd").n());
    }

    private static int aggregateRuns(LocalAws aws, String recipeId) {
        return TableInspector.of(aws).items().stream()
                .filter(item -> item.get("sk").s().startsWith("AGG#") && recipeId.equals(
                        item.get("recipeId") == null ? null : item.get("recipeId").s()))
                .mapToInt(item -> Integer.parseInt(item.get("runs").n())).sum();
    }
}
