package dev.byok.runs;

import dev.byok.aws.TableConfiguration;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;

import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.byok.aws.ItemAttributes.EXPIRES_AT;
import static dev.byok.aws.ItemAttributes.PK;
import static dev.byok.aws.ItemAttributes.SK;
import static dev.byok.aws.ItemAttributes.TYPE;
import static dev.byok.aws.ItemAttributes.instant;
import static dev.byok.aws.ItemAttributes.n;
import static dev.byok.aws.ItemAttributes.s;
import static dev.byok.aws.ItemAttributes.string;

/**
 * Idempotency claims on the single table: {@code sk = IDEMPOTENCY#<digest>}, holding the id of the run that claimed
 * the key and expiring with that run's item. The claim is put in the same transaction as the run item
 * ({@link #claim}), conditional on not existing, so one key records one run.
 */
@Singleton
public class DynamoDbIdempotencyRecords implements IdempotencyRecords {
    public static final String SK_PREFIX = "IDEMPOTENCY#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbIdempotencyRecords(DynamoDbClient dynamo, TableConfiguration table) {
        this.dynamo = dynamo;
        this.table = table.name();
    }

    @Override
    public Optional<ClaimedRun> find(TenantId tenant, String digest) {
        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table)
                .key(keyOf(tenant, digest)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** The claim item's primary key (also read in a run's batched read). */
    static Map<String, AttributeValue> keyOf(TenantId tenant, String digest) {
        return Map.of(PK, s(tenant.partitionKey()), SK, s(SK_PREFIX + digest));
    }

    static ClaimedRun fromItem(Map<String, AttributeValue> item) {
        return new ClaimedRun(string(item, "runId"), string(item, "recipeId"), instant(item, "createdAt"));
    }

    /** The conditional put that claims {@code run.idempotencyKey()} for the run, for its recording transaction. */
    static Put claim(String table, TenantId tenant, RunRecord run, int retentionDays) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(tenant.partitionKey()));
        item.put(SK, s(SK_PREFIX + run.idempotencyKey()));
        item.put(TYPE, s("IDEMPOTENCY"));
        item.put("runId", s(run.runId()));
        item.put("recipeId", s(run.recipeId()));
        item.put("createdAt", s(run.createdAt().toString()));
        item.put(EXPIRES_AT, n(run.createdAt().plus(retentionDays, ChronoUnit.DAYS).getEpochSecond()));
        return Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(pk)").build();
    }
}
