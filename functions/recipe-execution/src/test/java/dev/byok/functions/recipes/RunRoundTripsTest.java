package dev.byok.functions.recipes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.byok.keys.KeyService;
import dev.byok.keys.RegisterKeyRequest;
import dev.byok.recipes.ModelSelection;
import dev.byok.recipes.RecipeParameters;
import dev.byok.recipes.RecipeRequest;
import dev.byok.recipes.RecipeService;
import dev.byok.settings.SettingsRequest;
import dev.byok.settings.SettingsService;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.TableInspector;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.testing.lambda.HttpApiHandlers;
import dev.byok.testing.lambda.LambdaEvents;
import dev.byok.testing.providers.AnthropicFake;
import dev.byok.testing.providers.ProviderFakes;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static dev.byok.functions.recipes.RunFixtures.ACME;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The AWS round trips of a run, counted inside moto (every call any client made): a warm run reads recipe, key and
 * idempotency claim in one {@code BatchGetItem} and writes once ({@code TransactWriteItems}); nothing else, no KMS.
 * {@code other} is a second execution environment, standing in for changes made elsewhere.
 */
@WithLocalAws
class RunRoundTripsTest {
    private static final String BATCH_GET = "DynamoDB_20120810.BatchGetItem";
    private static final String GET = "DynamoDB_20120810.GetItem";
    private static final String TRANSACT = "DynamoDB_20120810.TransactWriteItems";
    private static final AnthropicFake anthropic = ProviderFakes.anthropic();
    private static APIGatewayV2HTTPEventFunction runner;
    private static APIGatewayV2HTTPEventFunction other;

    @BeforeAll
    static void startEnvironments() {
        runner = HttpApiHandlers.start(TestApplication.properties());
        other = HttpApiHandlers.start(TestApplication.properties());
    }

    @AfterAll
    static void stopEnvironments() {
        runner.close();
        other.close();
    }

    @AfterEach
    void resetFake() {
        anthropic.reset();
    }

    private static ApplicationContext elsewhere() {
        return other.getApplicationContext();
    }

    private static String key(String apiKey) {
        return RunFixtures.registerKey(elsewhere(), "anthropic", apiKey);
    }

    private static RecipeRequest recipeUsing(String keyId) {
        return new RecipeRequest("Support reply", "support", "You answer customers of {{company}} politely.",
                "Customer message: {{message}}\nReply in {{language}}.", null, null,
                new ModelSelection("anthropic", "claude-haiku-4-5", keyId), new RecipeParameters(300, null), null,
                null);
    }

    private static String recipe(String keyId) {
        return elsewhere().getBean(RecipeService.class).create(ACME, recipeUsing(keyId)).recipeId();
    }

    private static APIGatewayV2HTTPResponse run(APIGatewayV2HTTPEventFunction handler, APIGatewayV2HTTPEvent event) {
        return HttpApiHandlers.invoke(handler, event);
    }

    private static APIGatewayV2HTTPEvent runEvent(String recipeId) {
        return RunFixtures.runEvent(recipeId, "Acme", "hello");
    }

    /** AWS calls since the last reset, by action, leaving out none: DynamoDB, KMS and Secrets Manager alike. */
    private static Map<String, Long> awsCalls(LocalAws aws) {
        return new TreeMap<>(aws.moto().requestCounts());
    }

    private static List<String> keysSentToTheProvider() {
        return anthropic.requests("POST", AnthropicFake.MESSAGES_PATH).stream()
                .map(call -> call.header("x-api-key")).toList();
    }

    @Test
    void a_warm_run_makes_one_read_and_one_write_round_trip_and_nothing_else(LocalAws aws) {
        String recipeId = recipe(key("sk-ant-" + UUID.randomUUID()));
        assertEquals(200, run(runner, runEvent(recipeId)).getStatusCode());
        aws.moto().resetRequestCounts();

        APIGatewayV2HTTPResponse warm = run(runner, runEvent(recipeId));

        assertEquals(200, warm.getStatusCode(), warm.getBody());
        assertEquals(Map.of(BATCH_GET, 1L, TRANSACT, 1L), awsCalls(aws));
    }

    @Test
    void an_idempotent_run_takes_its_key_in_one_more_write_and_a_repeat_is_refused_after_one_read(LocalAws aws) {
        String recipeId = recipe(key("sk-ant-" + UUID.randomUUID()));
        assertEquals(200, run(runner, runEvent(recipeId)).getStatusCode());
        String idempotencyKey = "order-" + UUID.randomUUID();
        aws.moto().resetRequestCounts();

        APIGatewayV2HTTPResponse first = run(runner,
                RunFixtures.withHeader(runEvent(recipeId), "Idempotency-Key", idempotencyKey));
        assertEquals(200, first.getStatusCode(), first.getBody());
        // The key is taken (a conditional PutItem) before the provider call, so a concurrent repeat spends nothing.
        assertEquals(Map.of(BATCH_GET, 1L, "DynamoDB_20120810.PutItem", 1L, TRANSACT, 1L), awsCalls(aws));

        aws.moto().resetRequestCounts();
        APIGatewayV2HTTPResponse repeat = run(runner,
                RunFixtures.withHeader(runEvent(recipeId), "Idempotency-Key", idempotencyKey));
        assertEquals(409, repeat.getStatusCode(), repeat.getBody());
        assertEquals(Map.of(BATCH_GET, 1L), awsCalls(aws));
        assertEquals(2, keysSentToTheProvider().size(), "the repeat called no provider");
    }

    @Test
    void a_model_override_is_read_with_the_recipe_even_in_a_fresh_environment(LocalAws aws) {
        String recipeId = recipe(key("sk-ant-" + UUID.randomUUID()));
        String overrideKey = "sk-ant-override-" + UUID.randomUUID();
        String overrideKeyId = key(overrideKey);
        APIGatewayV2HTTPEventFunction fresh = HttpApiHandlers.start(TestApplication.properties());
        try {
            aws.moto().resetRequestCounts();

            APIGatewayV2HTTPResponse response = run(fresh, LambdaEvents.load("recipes-run-with-overrides.json",
                    Map.of("recipeId", recipeId, "company", "Acme", "message", "hello", "provider", "anthropic",
                            "model", "claude-haiku-4-5", "keyId", overrideKeyId, "department", "sales")));

            assertEquals(200, response.getStatusCode(), response.getBody());
            // No cache is warm here: the tenant's settings come in the same batch, the key is decrypted once.
            assertEquals(Map.of(BATCH_GET, 1L, TRANSACT, 1L, "TrentService.Decrypt", 1L), awsCalls(aws));
            assertEquals(List.of(overrideKey), keysSentToTheProvider());
        } finally {
            fresh.close();
        }
    }

    @Test
    void the_first_run_of_a_recipe_in_an_environment_reads_its_key_on_its_own_once(LocalAws aws) {
        String another = recipe(key("sk-ant-" + UUID.randomUUID()));
        assertEquals(200, run(runner, runEvent(another)).getStatusCode(), "the tenant's zone is now cached here");
        String recipeId = recipe(key("sk-ant-" + UUID.randomUUID()));
        aws.moto().resetRequestCounts();

        assertEquals(200, run(runner, runEvent(recipeId)).getStatusCode());

        assertEquals(Map.of(BATCH_GET, 1L, GET, 1L, TRANSACT, 1L, "TrentService.Decrypt", 1L), awsCalls(aws));
    }

    @Test
    void a_recipe_repointed_elsewhere_to_another_key_runs_with_that_key_at_once(LocalAws aws) {
        String firstKey = "sk-ant-first-" + UUID.randomUUID();
        String recipeId = recipe(key(firstKey));
        assertEquals(200, run(runner, runEvent(recipeId)).getStatusCode());
        assertEquals(200, run(runner, runEvent(recipeId)).getStatusCode(), "this environment now expects firstKey");
        String secondKey = "sk-ant-second-" + UUID.randomUUID();
        String secondKeyId = key(secondKey);
        RecipeService recipes = elsewhere().getBean(RecipeService.class);
        recipes.update(ACME, recipeId, recipeUsing(secondKeyId));
        aws.moto().resetRequestCounts();

        APIGatewayV2HTTPResponse next = run(runner, runEvent(recipeId));

        assertEquals(200, next.getStatusCode(), next.getBody());
        assertEquals(List.of(firstKey, firstKey, secondKey), keysSentToTheProvider());
        assertEquals(1L, awsCalls(aws).get(GET), "the recipe named another key: read on its own");
        aws.moto().resetRequestCounts();
        assertEquals(200, run(runner, runEvent(recipeId)).getStatusCode());
        assertEquals(Map.of(BATCH_GET, 1L, TRANSACT, 1L), awsCalls(aws), "and warm again");
    }

    @Test
    void a_fresh_environment_reads_the_tenants_zone_in_the_batch_and_counts_the_run_on_the_local_day(LocalAws aws) {
        // A zone whose date differs from UTC's right now, so a run counted on the UTC day would show.
        ZoneId zone = ZoneId.of(Instant.now().atZone(ZoneOffset.UTC).getHour() >= 10 ? "Pacific/Kiritimati"
                : "Pacific/Pago_Pago");
        String tenant = "tz-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> claims = Map.of("sub", "carol", "custom:tenant", tenant);
        AuthenticatedPrincipal principal = new AuthenticatedPrincipal(new TenantId(tenant), "carol");
        elsewhere().getBean(SettingsService.class).update(principal, new SettingsRequest(zone.getId()));
        String keyId = elsewhere().getBean(KeyService.class).register(principal,
                new RegisterKeyRequest("anthropic", "tz key", "sk-ant-" + UUID.randomUUID(), null, null)).keyId();
        String recipeId = elsewhere().getBean(RecipeService.class).create(principal, recipeUsing(keyId)).recipeId();
        APIGatewayV2HTTPEventFunction fresh = HttpApiHandlers.start(TestApplication.properties());
        try {
            aws.moto().resetRequestCounts();

            APIGatewayV2HTTPResponse response = run(fresh, LambdaEvents.withClaims(runEvent(recipeId), claims));

            assertEquals(200, response.getStatusCode(), response.getBody());
            // The recipe's key is read on its own on this first run; the settings came in the batch.
            assertEquals(Map.of(BATCH_GET, 1L, GET, 1L, TRANSACT, 1L, "TrentService.Decrypt", 1L), awsCalls(aws));
            Map<String, AttributeValue> run = TableInspector.of(aws).items().stream()
                    .filter(item -> item.get("pk").s().equals("TENANT#" + tenant)
                            && item.get("sk").s().startsWith("RUN#"))
                    .findFirst().orElseThrow();
            LocalDate localDay = LocalDate.ofInstant(Instant.parse(run.get("createdAt").s()), zone);
            assertEquals(localDay.toString(), run.get("day").s());
        } finally {
            fresh.close();
        }
    }
}
