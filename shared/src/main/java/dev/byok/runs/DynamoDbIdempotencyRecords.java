package dev.byok.runs;

import dev.byok.aws.TableConfiguration;
import dev.byok.logging.SafeThrowables;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Instant;
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
import static dev.byok.aws.ItemAttributes.nullableNumber;
import static dev.byok.aws.ItemAttributes.s;
import static dev.byok.aws.ItemAttributes.string;

/**
 * Idempotency claims on the single table: {@code sk = IDEMPOTENCY#<digest>}, holding the id of the run that holds
 * the key, its {@code state} and, while in progress, {@code lockedUntil} (epoch milliseconds). A run takes the key
 * with a conditional put (free, or held in progress by a run whose hold has lapsed); its recording transaction marks
 * the claim completed, on condition that the run still holds it ({@link #completion}); a failed run deletes it.
 * Completed claims expire with the run item; a claim left in progress by a process that died expires a day after
 * its hold lapsed.
 */
@Singleton
public class DynamoDbIdempotencyRecords implements IdempotencyRecords {
    public static final String SK_PREFIX = "IDEMPOTENCY#";
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbIdempotencyRecords.class);
    private static final String STATE = "state";
    private static final String LOCKED_UNTIL = "lockedUntil";
    private static final Map<String, String> NAMES = Map.of("#state", STATE);

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

    @Override
    public Optional<ClaimedRun> claim(TenantId tenant, String digest, ClaimedRun run) {
        Map<String, AttributeValue> item = new HashMap<>(keyOf(tenant, digest));
        item.put(TYPE, s("IDEMPOTENCY"));
        item.put("runId", s(run.runId()));
        item.put("recipeId", s(run.recipeId()));
        item.put("createdAt", s(run.createdAt().toString()));
        item.put(STATE, s(State.IN_PROGRESS.name()));
        item.put(LOCKED_UNTIL, n(run.lockedUntil().toEpochMilli()));
        item.put(EXPIRES_AT, n(run.lockedUntil().plus(1, ChronoUnit.DAYS).getEpochSecond()));
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.putItem(request -> request.tableName(table).item(item)
                        .conditionExpression(
                                "attribute_not_exists(pk) OR (#state = :inProgress AND lockedUntil < :now)")
                        .expressionAttributeNames(NAMES)
                        .expressionAttributeValues(Map.of(":inProgress", s(State.IN_PROGRESS.name()),
                                ":now", n(Instant.now().toEpochMilli())))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                return Optional.empty();
            } catch (ConditionalCheckFailedException held) {
                Optional<ClaimedRun> holder = held.hasItem() && !held.item().isEmpty()
                        ? Optional.of(fromItem(held.item()))
                        // Without the item in the answer, read it; if its holder let go in between, try again.
                        : find(tenant, digest);
                if (holder.isPresent() && run.runId().equals(holder.get().runId())) {
                    // The SDK retried a put that had been written (its answer was lost): this run holds the key.
                    return Optional.empty();
                }
                if (holder.isPresent() || attempt == 2) {
                    return Optional.of(holder.orElseGet(() -> new ClaimedRun(run.runId(), run.recipeId(),
                            run.createdAt(), State.IN_PROGRESS, run.lockedUntil())));
                }
            }
        }
    }

    @Override
    public void release(TenantId tenant, String digest, String runId) {
        try {
            dynamo.deleteItem(request -> request.tableName(table).key(keyOf(tenant, digest))
                    .conditionExpression("runId = :runId AND #state = :inProgress")
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(":runId", s(runId),
                            ":inProgress", s(State.IN_PROGRESS.name()))));
        } catch (ConditionalCheckFailedException notOurs) {
            LOG.info("idempotency key not released: another run holds it");
        } catch (SdkException e) {
            // The hold lapses at lockedUntil; until then a retry with the key is refused as in progress.
            LOG.warn("idempotency key not released: {}", SafeThrowables.describe(e));
        }
    }

    /** The claim item's primary key (also read in a run's batched read). */
    static Map<String, AttributeValue> keyOf(TenantId tenant, String digest) {
        return Map.of(PK, s(tenant.partitionKey()), SK, s(SK_PREFIX + digest));
    }

    /** A claim as stored; items without a state were written completed, before claims were taken up front. */
    static ClaimedRun fromItem(Map<String, AttributeValue> item) {
        String state = string(item, STATE);
        Long lockedUntil = nullableNumber(item, LOCKED_UNTIL);
        return new ClaimedRun(string(item, "runId"), string(item, "recipeId"), instant(item, "createdAt"),
                state == null ? State.COMPLETED : State.valueOf(state),
                lockedUntil == null ? null : Instant.ofEpochMilli(lockedUntil));
    }

    /**
     * The update that marks {@code run.idempotencyKey()} completed by the run, for its recording transaction: only
     * while the run still holds the key, and from then on expiring with the run item.
     */
    static Update completion(String table, TenantId tenant, RunRecord run, int retentionDays) {
        return Update.builder().tableName(table).key(keyOf(tenant, run.idempotencyKey()))
                .updateExpression("SET #state = :completed, " + EXPIRES_AT + " = :expiresAt REMOVE " + LOCKED_UNTIL)
                .conditionExpression("runId = :runId")
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(Map.of(":completed", s(State.COMPLETED.name()), ":runId", s(run.runId()),
                        ":expiresAt", n(run.createdAt().plus(retentionDays, ChronoUnit.DAYS).getEpochSecond())))
                .build();
    }
}
