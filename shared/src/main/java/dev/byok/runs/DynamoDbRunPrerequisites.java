package dev.byok.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.aws.TableConfiguration;
import dev.byok.ids.Ids;
import dev.byok.keys.DynamoDbKeyRepository;
import dev.byok.keys.ProviderKey;
import dev.byok.recipes.DynamoDbRecipeRepository;
import dev.byok.recipes.Recipe;
import dev.byok.settings.DynamoDbTenantSettingsRepository;
import dev.byok.settings.TenantSettings;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.byok.aws.ItemAttributes.SK;
import static dev.byok.aws.ItemAttributes.string;

/**
 * {@link RunPrerequisites} as one strongly consistent {@code BatchGetItem} on the single table: the recipe item, the
 * wanted key items, the idempotency claim and the settings item of the tenant's partition. Items are decoded by the
 * same code as their repositories. Keys DynamoDB leaves unprocessed (throttling) are asked for again a few times,
 * then read one by one, so the run never goes on with an item missing that exists.
 */
@Singleton
public class DynamoDbRunPrerequisites implements RunPrerequisites {
    static final int MAX_BATCH_ATTEMPTS = 3;
    private static final long BASE_BACKOFF_MS = 10;

    private final DynamoDbClient dynamo;
    private final String table;
    private final ObjectMapper mapper;

    public DynamoDbRunPrerequisites(DynamoDbClient dynamo, TableConfiguration configuration, ObjectMapper mapper) {
        this.dynamo = dynamo;
        this.table = configuration.name();
        this.mapper = mapper;
    }

    @Override
    public Found read(TenantId tenant, Wanted wanted) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        keys.add(DynamoDbRecipeRepository.keyOf(tenant, wanted.recipeId()));
        wanted.keyIds().forEach(keyId -> keys.add(DynamoDbKeyRepository.keyOf(tenant, keyId)));
        if (wanted.idempotencyDigest() != null) {
            keys.add(DynamoDbIdempotencyRecords.keyOf(tenant, wanted.idempotencyDigest()));
        }
        if (wanted.settings()) {
            keys.add(DynamoDbTenantSettingsRepository.keyOf(tenant));
        }

        Map<String, Map<String, AttributeValue>> bySortKey = new HashMap<>();
        List<Map<String, AttributeValue>> pending = keys;
        for (int attempt = 1; !pending.isEmpty() && attempt <= MAX_BATCH_ATTEMPTS; attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            List<Map<String, AttributeValue>> batch = pending;
            BatchGetItemResponse response = dynamo.batchGetItem(request -> request.requestItems(Map.of(table,
                    KeysAndAttributes.builder().keys(batch).consistentRead(true).build())));
            response.responses().getOrDefault(table, List.of())
                    .forEach(item -> bySortKey.put(string(item, SK), item));
            KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
            pending = unprocessed == null ? List.of() : unprocessed.keys();
        }
        for (Map<String, AttributeValue> key : pending) {
            Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table).key(key)
                    .consistentRead(true)).item();
            if (item != null && !item.isEmpty()) {
                bySortKey.put(string(item, SK), item);
            }
        }
        return found(tenant, wanted, bySortKey);
    }

    private Found found(TenantId tenant, Wanted wanted, Map<String, Map<String, AttributeValue>> bySortKey) {
        Optional<Recipe> recipe = item(bySortKey, DynamoDbRecipeRepository.keyOf(tenant, wanted.recipeId()))
                .map(item -> DynamoDbRecipeRepository.fromItem(item, mapper));
        Map<String, ProviderKey> keys = new HashMap<>();
        for (String keyId : wanted.keyIds()) {
            item(bySortKey, DynamoDbKeyRepository.keyOf(tenant, keyId))
                    .ifPresent(item -> keys.put(keyId, DynamoDbKeyRepository.fromItem(item)));
        }
        Optional<IdempotencyRecords.ClaimedRun> claim = wanted.idempotencyDigest() == null ? Optional.empty()
                : item(bySortKey, DynamoDbIdempotencyRecords.keyOf(tenant, wanted.idempotencyDigest()))
                .map(DynamoDbIdempotencyRecords::fromItem);
        Optional<TenantSettings> settings = !wanted.settings() ? Optional.empty()
                : Optional.of(item(bySortKey, DynamoDbTenantSettingsRepository.keyOf(tenant))
                .map(DynamoDbTenantSettingsRepository::fromItem).orElse(TenantSettings.DEFAULTS));
        return new Found(recipe, keys, claim, settings);
    }

    private static Optional<Map<String, AttributeValue>> item(Map<String, Map<String, AttributeValue>> bySortKey,
                                                              Map<String, AttributeValue> key) {
        return Optional.ofNullable(bySortKey.get(key.get(SK).s()));
    }

    private static void pause(int attempt) {
        long ceiling = BASE_BACKOFF_MS << (attempt - 1);
        try {
            Thread.sleep(1 + Ids.secureRandom().nextLong(ceiling));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
