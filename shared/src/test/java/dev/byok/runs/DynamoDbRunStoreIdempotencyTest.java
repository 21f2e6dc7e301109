package dev.byok.runs;

import dev.byok.aws.TableConfiguration;
import dev.byok.providers.TokenUsage;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.TableInspector;
import dev.byok.testing.aws.WithLocalAws;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The idempotency claim in the recording transaction, against moto. */
@WithLocalAws
class DynamoDbRunStoreIdempotencyTest {
    private static final RunsConfiguration RETENTION = new RunsConfiguration(90, 1100);

    private static RunRecord run(String recipeId, String idempotencyKey) {
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new RunRecord(dev.byok.ids.Ids.runId(createdAt), recipeId, 1, "support", "anthropic",
                "claude-haiku-4-5", "key_aaaaaaaaaaaaaaaaaaaa", RunStatus.SUCCEEDED, null, TokenUsage.of(10, 5),
                BigInteger.valueOf(35_000_000), "t1", 12, 10, 1, "req_1", createdAt,
                LocalDate.ofInstant(createdAt, ZoneOffset.UTC), null, null, null, idempotencyKey);
    }

    private static List<Map<String, AttributeValue>> items(LocalAws aws, String recipeId, String skPrefix) {
        return TableInspector.of(aws).items().stream().filter(item -> item.get("sk").s().startsWith(skPrefix)
                && item.containsKey("recipeId") && recipeId.equals(item.get("recipeId").s())).toList();
    }

    @Test
    void a_second_run_with_the_same_key_records_nothing_at_all(LocalAws aws) {
        TenantId tenant = new TenantId("acme");
        DynamoDbRunStore store = new DynamoDbRunStore(aws.dynamoDb(),
                new TableConfiguration(aws.resources().tableName()), RETENTION);
        DynamoDbIdempotencyRecords claims = new DynamoDbIdempotencyRecords(aws.dynamoDb(),
                new TableConfiguration(aws.resources().tableName()));
        String recipeId = "rcp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        String digest = IdempotencyKey.fromHeader("order-" + UUID.randomUUID()).digest();
        RunRecord first = run(recipeId, digest);

        assertTrue(store.record(tenant, first));
        assertFalse(store.record(tenant, run(recipeId, digest)), "another run, same key");

        assertEquals(1, items(aws, recipeId, "RUN#").size());
        assertEquals("1", items(aws, recipeId, "AGG#").get(0).get("runs").n(), "the aggregate counted once");
        IdempotencyRecords.ClaimedRun claimed = claims.find(tenant, digest).orElseThrow();
        assertEquals(first.runId(), claimed.runId());
        assertEquals(first.createdAt(), claimed.createdAt());
        Map<String, AttributeValue> claim = items(aws, recipeId, DynamoDbIdempotencyRecords.SK_PREFIX).get(0);
        assertEquals(first.createdAt().plus(90, ChronoUnit.DAYS).getEpochSecond(),
                Long.parseLong(claim.get("expiresAt").n()), "the claim expires with the run item");
    }

    @Test
    void a_claim_belongs_to_its_tenant_and_runs_without_a_key_claim_nothing(LocalAws aws) {
        DynamoDbRunStore store = new DynamoDbRunStore(aws.dynamoDb(),
                new TableConfiguration(aws.resources().tableName()), RETENTION);
        DynamoDbIdempotencyRecords claims = new DynamoDbIdempotencyRecords(aws.dynamoDb(),
                new TableConfiguration(aws.resources().tableName()));
        String digest = IdempotencyKey.fromHeader("shared-" + UUID.randomUUID()).digest();
        String recipeId = "rcp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);

        assertTrue(store.record(new TenantId("acme"), run(recipeId, digest)));
        assertTrue(claims.find(new TenantId("globex"), digest).isEmpty());
        assertTrue(store.record(new TenantId("globex"), run(recipeId, digest)), "same key, other tenant: its own");

        RunRecord unkeyed = run(recipeId, null);
        assertTrue(store.record(new TenantId("acme"), unkeyed));
        assertFalse(store.record(new TenantId("acme"), unkeyed), "the same run item is still written once");
        assertEquals(2, items(aws, recipeId, DynamoDbIdempotencyRecords.SK_PREFIX).size());
    }
}
