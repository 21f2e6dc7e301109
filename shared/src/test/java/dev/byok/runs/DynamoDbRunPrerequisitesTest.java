package dev.byok.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.audit.AuditAction;
import dev.byok.audit.AuditEvent;
import dev.byok.aws.TableConfiguration;
import dev.byok.crypto.EncryptedSecret;
import dev.byok.ids.Ids;
import dev.byok.keys.DynamoDbKeyRepository;
import dev.byok.keys.KeyMaterial;
import dev.byok.keys.KeyStatus;
import dev.byok.keys.ProviderKey;
import dev.byok.providers.ProviderKind;
import dev.byok.recipes.DynamoDbRecipeRepository;
import dev.byok.recipes.ModelSelection;
import dev.byok.recipes.Recipe;
import dev.byok.recipes.RecipeParameters;
import dev.byok.settings.DynamoDbTenantSettingsRepository;
import dev.byok.settings.TenantSettings;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.WithLocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run's batched read against moto: every item type in one round trip, written by the real repositories. */
@WithLocalAws
class DynamoDbRunPrerequisitesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BATCH_GET = "DynamoDB_20120810.BatchGetItem";
    private static final String GET = "DynamoDB_20120810.GetItem";

    private TenantId tenant;
    private TableConfiguration table;
    private DynamoDbRecipeRepository recipes;
    private DynamoDbKeyRepository keys;

    @BeforeEach
    void newTenant(LocalAws aws) {
        tenant = new TenantId("t-" + UUID.randomUUID().toString().substring(0, 8));
        table = new TableConfiguration(aws.resources().tableName());
        recipes = new DynamoDbRecipeRepository(aws.dynamoDb(), table, JSON);
        keys = new DynamoDbKeyRepository(aws.dynamoDb(), table);
    }

    private ProviderKey key() {
        return new ProviderKey(Ids.keyId(), ProviderKind.ANTHROPIC, "label " + UUID.randomUUID(), "1234",
                "hmac-sha256:00", KeyStatus.UNVERIFIED, 3, Instant.parse("2026-11-01T10:00:00Z"), null, null, null,
                new KeyMaterial.Envelope(new EncryptedSecret(1, "arn:aws:kms:us-east-1:123456789012:key/k",
                        new byte[]{1, 2, 3}, new byte[12], new byte[]{4, 5, 6})));
    }

    private Recipe recipe(String keyId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new Recipe(Ids.recipeId(), "Support reply", "support", "You are {{company}}.", "Answer {{message}}",
                Map.of("type", "object"), null, new ModelSelection("anthropic", "claude-haiku-4-5", keyId),
                new RecipeParameters(300, 0.5), 20, null, 2, now, now);
    }

    private RunPrerequisites.Wanted wanted(String recipeId, Set<String> keyIds, String digest, boolean settings) {
        return new RunPrerequisites.Wanted(recipeId, keyIds, digest, settings);
    }

    @Test
    void recipe_keys_claim_and_settings_come_back_from_one_consistent_batch_read(LocalAws aws) {
        ProviderKey first = key();
        ProviderKey second = key();
        keys.create(tenant, first, List.of());
        keys.create(tenant, second, List.of());
        Recipe recipe = recipe(first.keyId());
        recipes.create(tenant, recipe);
        new DynamoDbTenantSettingsRepository(aws.dynamoDb(), table).save(tenant, new TenantSettings("Asia/Kolkata"));
        String digest = IdempotencyKey.fromHeader("order-" + UUID.randomUUID()).digest();
        RunRecord claimed = SampleRun.at(Instant.now()).recipe(recipe.recipeId()).build();
        new DynamoDbIdempotencyRecords(aws.dynamoDb(), table).claim(tenant, digest, new IdempotencyRecords.ClaimedRun(
                claimed.runId(), claimed.recipeId(), claimed.createdAt(), IdempotencyRecords.State.IN_PROGRESS,
                claimed.createdAt().plusSeconds(60)));
        new DynamoDbRunStore(aws.dynamoDb(), table, new RunsConfiguration(90, 1100)).record(tenant,
                withClaim(claimed, digest));
        aws.moto().resetRequestCounts();

        RunPrerequisites.Found found = new DynamoDbRunPrerequisites(aws.dynamoDb(), table, JSON).read(tenant,
                wanted(recipe.recipeId(), Set.of(first.keyId(), second.keyId()), digest, true));

        assertEquals(Map.of(BATCH_GET, 1L), aws.moto().requestCounts());
        assertEquals(recipe, found.recipe().orElseThrow());
        assertEquals(Set.of(first.keyId(), second.keyId()), found.keys().keySet());
        assertEquals(3, found.keys().get(second.keyId()).version());
        assertEquals(claimed.runId(), found.claim().orElseThrow().runId());
        assertEquals(IdempotencyRecords.State.COMPLETED, found.claim().orElseThrow().state());
        assertEquals(Optional.of(new TenantSettings("Asia/Kolkata")), found.settings());
    }

    @Test
    void absent_items_are_absent_and_settings_never_saved_are_the_defaults(LocalAws aws) {
        ProviderKey deleted = key();
        keys.create(tenant, deleted, List.of());
        keys.delete(tenant, deleted, deletion(deleted));

        RunPrerequisites.Found found = new DynamoDbRunPrerequisites(aws.dynamoDb(), table, JSON).read(tenant,
                wanted(Ids.recipeId(), Set.of(deleted.keyId()), "0".repeat(64), true));

        assertTrue(found.recipe().isEmpty());
        assertTrue(found.keys().isEmpty());
        assertTrue(found.claim().isEmpty());
        assertEquals(Optional.of(TenantSettings.DEFAULTS), found.settings());
    }

    @Test
    void nothing_of_another_tenant_is_read_even_with_its_exact_ids(LocalAws aws) {
        ProviderKey key = key();
        keys.create(tenant, key, List.of());
        Recipe recipe = recipe(key.keyId());
        recipes.create(tenant, recipe);

        RunPrerequisites.Found found = new DynamoDbRunPrerequisites(aws.dynamoDb(), table, JSON).read(
                new TenantId("other-" + UUID.randomUUID().toString().substring(0, 8)),
                wanted(recipe.recipeId(), Set.of(key.keyId()), null, false));

        assertTrue(found.recipe().isEmpty());
        assertTrue(found.keys().isEmpty());
        assertTrue(found.settings().isEmpty(), "settings were not asked for");
    }

    @Test
    void keys_left_unprocessed_are_asked_for_again_and_then_read_one_by_one(LocalAws aws) {
        ProviderKey key = key();
        keys.create(tenant, key, List.of());
        Recipe recipe = recipe(key.keyId());
        recipes.create(tenant, recipe);
        // DynamoDB may return some keys as unprocessed (throttling) instead of failing: they must not read as absent.
        ThrottledBatches client = new ThrottledBatches(aws.dynamoDb(), Integer.MAX_VALUE);

        RunPrerequisites.Found found = new DynamoDbRunPrerequisites(client, table, JSON).read(tenant,
                wanted(recipe.recipeId(), Set.of(key.keyId()), null, false));

        assertEquals(recipe, found.recipe().orElseThrow());
        assertEquals(Set.of(key.keyId()), found.keys().keySet());
        assertEquals(DynamoDbRunPrerequisites.MAX_BATCH_ATTEMPTS, client.batches.get());
        assertEquals(2, client.gets.get(), "each key still unprocessed after the last batch, read on its own");
    }

    @Test
    void a_batch_that_leaves_keys_unprocessed_once_is_completed_by_the_next(LocalAws aws) {
        ProviderKey key = key();
        keys.create(tenant, key, List.of());
        Recipe recipe = recipe(key.keyId());
        recipes.create(tenant, recipe);
        ThrottledBatches client = new ThrottledBatches(aws.dynamoDb(), 1);

        RunPrerequisites.Found found = new DynamoDbRunPrerequisites(client, table, JSON).read(tenant,
                wanted(recipe.recipeId(), Set.of(key.keyId()), null, false));

        assertEquals(recipe, found.recipe().orElseThrow());
        assertEquals(Set.of(key.keyId()), found.keys().keySet());
        assertEquals(2, client.batches.get());
        assertEquals(0, client.gets.get());
    }

    private static AuditEvent deletion(ProviderKey key) {
        return new AuditEvent(Ids.auditId(), Instant.now(), "test", AuditAction.KEY_DELETED, key.keyId(),
                key.provider().wireName(), key.version(), AuditEvent.SUCCEEDED);
    }

    private static RunRecord withClaim(RunRecord run, String digest) {
        return new RunRecord(run.runId(), run.recipeId(), run.recipeVersion(), run.department(), run.provider(),
                run.model(), run.keyId(), run.status(), run.errorCode(), run.usage(), run.costPicoUsd(),
                run.priceTableVersion(), run.latencyMs(), run.providerLatencyMs(), run.attempts(),
                run.providerRequestId(), run.createdAt(), run.day(), run.workflowId(), run.workflowRunId(),
                run.stepName(), digest);
    }

    /**
     * Answers the first {@code throttled} batch reads as DynamoDB does under throttling: nothing returned, every key
     * unprocessed. Other calls go to moto.
     */
    private static final class ThrottledBatches implements DynamoDbClient {
        final AtomicInteger batches = new AtomicInteger();
        final AtomicInteger gets = new AtomicInteger();
        private final DynamoDbClient delegate;
        private final int throttled;

        ThrottledBatches(DynamoDbClient delegate, int throttled) {
            this.delegate = delegate;
            this.throttled = throttled;
        }

        @Override
        public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
            if (batches.incrementAndGet() <= throttled) {
                return BatchGetItemResponse.builder().responses(Map.of())
                        .unprocessedKeys(request.requestItems()).build();
            }
            return delegate.batchGetItem(request);
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            gets.incrementAndGet();
            return delegate.getItem(request);
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }
}
