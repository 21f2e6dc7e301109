package dev.byok.functions.recipes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.keys.DecryptedKeyCache;
import dev.byok.keys.KeyService;
import dev.byok.keys.RegisterKeyRequest;
import dev.byok.keys.RotateKeyRequest;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.KmsRequestCounter;
import dev.byok.testing.aws.LocalAws;
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

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run side of the key vault, with two execution environments: {@code runner}, a recipe-execution handler whose
 * decrypted-key cache is warm, and {@code registry}, a second, separate application context standing in for the
 * key-registration function (another artifact, so its KeyService is called directly, as the controller would). KMS
 * and Secrets Manager calls are counted inside moto, so they include every call the handlers make.
 */
@WithLocalAws
class KeyCacheAndRotationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AuthenticatedPrincipal ACME = new AuthenticatedPrincipal(new TenantId("acme"), "alice");
    private static final AuthenticatedPrincipal GLOBEX = new AuthenticatedPrincipal(new TenantId("globex"), "bob");
    private static final Map<String, String> GLOBEX_CLAIMS = Map.of("sub", "bob", "custom:tenant", "globex");
    private static final AnthropicFake anthropic = ProviderFakes.anthropic();
    private static APIGatewayV2HTTPEventFunction runner;
    private static APIGatewayV2HTTPEventFunction registry;

    @BeforeAll
    static void startEnvironments() {
        runner = HttpApiHandlers.start(TestApplication.properties());
        registry = HttpApiHandlers.start(TestApplication.properties());
    }

    @AfterAll
    static void stopEnvironments() {
        runner.close();
        registry.close();
    }

    @AfterEach
    void resetFake() {
        anthropic.reset();
    }

    private static KeyService keys() {
        return registry.getApplicationContext().getBean(KeyService.class);
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws Exception {
        return JSON.readTree(response.getBody());
    }

    private static String register(AuthenticatedPrincipal principal, String apiKey) {
        return keys().register(principal, new RegisterKeyRequest("anthropic", "key " + UUID.randomUUID(), apiKey,
                null, null)).keyId();
    }

    private static String createRecipe(String keyId, Map<String, String> claims) throws Exception {
        APIGatewayV2HTTPEvent event = LambdaEvents.load("recipes-create.json", Map.of("keyId", keyId));
        APIGatewayV2HTTPResponse response = HttpApiHandlers.invoke(runner, claims == null ? event
                : LambdaEvents.withClaims(event, claims));
        assertEquals(201, response.getStatusCode(), response.getBody());
        return body(response).get("recipeId").asText();
    }

    private static APIGatewayV2HTTPResponse run(String recipeId) {
        return HttpApiHandlers.invoke(runner, LambdaEvents.load("recipes-run.json", Map.of("recipeId", recipeId,
                "company", "Acme", "message", "hello")));
    }

    private static List<String> keysSentToTheProvider() {
        return anthropic.requests("POST", AnthropicFake.MESSAGES_PATH).stream()
                .map(call -> call.header("x-api-key")).toList();
    }

    @Test
    void a_warm_run_makes_no_kms_call_at_all(LocalAws aws) throws Exception {
        String recipeId = createRecipe(register(ACME, "sk-ant-" + UUID.randomUUID()), null);
        KmsRequestCounter kms = aws.kmsRequests();
        kms.reset();
        assertEquals(200, run(recipeId).getStatusCode());
        assertEquals(1, kms.count("Decrypt"), () -> "cold: " + kms.byOperation());

        kms.reset();
        APIGatewayV2HTTPResponse warm = run(recipeId);

        assertEquals(200, warm.getStatusCode(), warm.getBody());
        assertEquals(0, kms.total(), () -> "warm: " + kms.byOperation());
    }

    @Test
    void starting_an_environment_decrypts_nothing_and_leaves_the_cache_empty(LocalAws aws) {
        register(ACME, "sk-ant-" + UUID.randomUUID());
        KmsRequestCounter kms = aws.kmsRequests();
        kms.reset();
        APIGatewayV2HTTPEventFunction fresh = HttpApiHandlers.start(TestApplication.properties());
        try {
            assertEquals(0, fresh.getApplicationContext().getBean(DecryptedKeyCache.class).size());
            assertEquals(0, kms.total(), () -> "during initialisation: " + kms.byOperation());
            assertEquals(0, aws.moto().requestCount("secretsmanager.GetSecretValue"));
        } finally {
            fresh.close();
        }
    }

    @Test
    void a_rotation_in_another_environment_reaches_the_next_run_of_a_warm_one(LocalAws aws) throws Exception {
        String oldKey = "sk-ant-old-" + UUID.randomUUID();
        String keyId = register(ACME, oldKey);
        String recipeId = createRecipe(keyId, null);
        assertEquals(200, run(recipeId).getStatusCode());
        assertEquals(200, run(recipeId).getStatusCode(), "the runner's cache now holds the old value");

        String newKey = "sk-ant-new-" + UUID.randomUUID();
        keys().rotate(ACME, keyId, new RotateKeyRequest(newKey, null));
        KmsRequestCounter kms = aws.kmsRequests();
        kms.reset();

        APIGatewayV2HTTPResponse next = run(recipeId);

        assertEquals(200, next.getStatusCode(), next.getBody());
        assertEquals(List.of(oldKey, oldKey, newKey), keysSentToTheProvider());
        assertEquals(1, kms.count("Decrypt"), "the new version is decrypted once");
        assertEquals(200, run(recipeId).getStatusCode());
        assertEquals(newKey, keysSentToTheProvider().get(3), "and never the old value again");
    }

    @Test
    void a_deletion_in_another_environment_makes_the_next_warm_run_a_409_naming_the_key() throws Exception {
        String keyId = register(ACME, "sk-ant-" + UUID.randomUUID());
        String recipeId = createRecipe(keyId, null);
        assertEquals(200, run(recipeId).getStatusCode());

        keys().delete(ACME, keyId);
        APIGatewayV2HTTPResponse next = run(recipeId);

        assertEquals(409, next.getStatusCode(), next.getBody());
        JsonNode problem = body(next);
        assertEquals("key_not_found", problem.get("code").asText());
        assertEquals(keyId, problem.get("keyId").asText());
        assertTrue(problem.get("detail").asText().contains(keyId));
        assertEquals(1, keysSentToTheProvider().size(), "the cached value was not used");
    }

    @Test
    void a_provider_401_drops_the_cached_value_so_the_next_run_decrypts_again(LocalAws aws) throws Exception {
        String recipeId = createRecipe(register(ACME, "sk-ant-" + UUID.randomUUID()), null);
        assertEquals(200, run(recipeId).getStatusCode());
        anthropic.acceptKeys(key -> false);
        assertEquals(502, run(recipeId).getStatusCode());
        anthropic.reset();
        KmsRequestCounter kms = aws.kmsRequests();
        kms.reset();

        assertEquals(200, run(recipeId).getStatusCode());

        assertEquals(1, kms.count("Decrypt"), "the entry was dropped on the 401");
    }

    @Test
    void a_key_registered_by_reference_is_read_at_run_time_cached_and_rotated(LocalAws aws) throws Exception {
        String first = "sk-ant-ref-" + UUID.randomUUID();
        String arn = aws.secretsManager().createSecret(request -> request.name("byok/acme/run-" + UUID.randomUUID())
                .secretString(first)).arn();
        String keyId = keys().register(ACME, new RegisterKeyRequest("anthropic", "ref " + UUID.randomUUID(), null,
                arn, null)).keyId();
        String recipeId = createRecipe(keyId, null);
        KmsRequestCounter kms = aws.kmsRequests();
        kms.reset();
        assertEquals(200, run(recipeId).getStatusCode());
        assertEquals(1, aws.moto().requestCount("secretsmanager.GetSecretValue"));
        assertEquals(200, run(recipeId).getStatusCode());
        assertEquals(1, aws.moto().requestCount("secretsmanager.GetSecretValue"), "the warm run used the cache");
        assertEquals(0, kms.count("Decrypt"));

        String second = "sk-ant-ref-" + UUID.randomUUID();
        aws.secretsManager().putSecretValue(request -> request.secretId(arn).secretString(second));
        keys().rotate(ACME, keyId, new RotateKeyRequest(null, arn));
        assertEquals(200, run(recipeId).getStatusCode());

        assertEquals(List.of(first, first, second), keysSentToTheProvider());
    }

    @Test
    void running_with_another_tenants_key_answers_exactly_as_for_a_key_that_does_not_exist() throws Exception {
        String acmeKey = "sk-ant-acme-" + UUID.randomUUID();
        String acmeKeyId = register(ACME, acmeKey);
        String globexRecipe = createRecipe(register(GLOBEX, "sk-ant-globex-" + UUID.randomUUID()), GLOBEX_CLAIMS);
        String missingKeyId = "key_" + "0".repeat(20);

        String[] answers = new String[2];
        int[] statuses = new int[2];
        List<String> ids = List.of(acmeKeyId, missingKeyId);
        for (int i = 0; i < 2; i++) {
            APIGatewayV2HTTPEvent event = LambdaEvents.withClaims(LambdaEvents.withBody(LambdaEvents.load(
                    "recipes-run.json", Map.of("recipeId", globexRecipe, "company", "c", "message", "m")),
                    "{\"input\":{\"company\":\"c\",\"message\":\"m\",\"language\":\"en\"},\"model\":{\"provider\":"
                            + "\"anthropic\",\"model\":\"claude-haiku-4-5\",\"keyId\":\"" + ids.get(i) + "\"}}"),
                    GLOBEX_CLAIMS);
            APIGatewayV2HTTPResponse response = HttpApiHandlers.invoke(runner, event);
            statuses[i] = response.getStatusCode();
            answers[i] = response.getBody().replace(ids.get(i), "<keyId>");
        }
        assertTrue(statuses[0] >= 400 && statuses[0] < 500, answers[0]);
        assertEquals(statuses[1], statuses[0]);
        assertEquals(answers[1], answers[0]);
        assertFalse(keysSentToTheProvider().contains(acmeKey));
        for (RecordedRequest call : anthropic.requests()) {
            assertFalse(acmeKey.equals(call.header("x-api-key")));
        }
    }
}
