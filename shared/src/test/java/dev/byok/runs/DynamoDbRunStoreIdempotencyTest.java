package dev.byok.runs;

import dev.byok.aws.TableConfiguration;
import dev.byok.providers.TokenUsage;
import dev.byok.runs.IdempotencyRecords.ClaimedRun;
import dev.byok.runs.IdempotencyRecords.State;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.TableInspector;
import dev.byok.testing.aws.WithLocalAws;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotency claims against moto: taken before the provider call, completed in the run's transaction, released. */
@WithLocalAws
class DynamoDbRunStoreIdempotencyTest {
    private static final RunsConfiguration RETENTION = new RunsConfiguration(90, 1100);
    private static final TenantId ACME = new TenantId("acme");

    private static RunRecord run(String recipeId, String idempotencyKey) {
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new RunRecord(dev.byok.ids.Ids.runId(createdAt), recipeId, 1, "support", "anthropic",
                "claude-haiku-4-5", "key_aaaaaaaaaaaaaaaaaaaa", RunStatus.SUCCEEDED, null, TokenUsage.of(10, 5),
                BigInteger.valueOf(35_000_000), "t1", 12, 10, 1, "req_1", createdAt,
                LocalDate.ofInstant(createdAt, ZoneOffset.UTC), null, null, null, idempotencyKey);
    }

    private static ClaimedRun inProgress(RunRecord run, Instant lockedUntil) {
        return new ClaimedRun(run.runId(), run.recipeId(), run.createdAt(), State.IN_PROGRESS, lockedUntil);
    }

    private static List<Map<String, AttributeValue>> items(LocalAws aws, String recipeId, String skPrefix) {
        return TableInspector.of(aws).items().stream().filter(item -> item.get("sk").s().startsWith(skPrefix)
                && item.containsKey("recipeId") && recipeId.equals(item.get("recipeId").s())).toList();
    }

    private static String newRecipeId() {
        return "rcp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static String newDigest() {
        return IdempotencyKey.fromHeader("order-" + UUID.randomUUID()).digest();
    }

    private static DynamoDbRunStore store(LocalAws aws) {
        return new DynamoDbRunStore(aws.dynamoDb(), new TableConfiguration(aws.resources().tableName()), RETENTION);
    }

    private static DynamoDbIdempotencyRecords claims(LocalAws aws) {
        return new DynamoDbIdempotencyRecords(aws.dynamoDb(), new TableConfiguration(aws.resources().tableName()));
    }

    @Test
    void a_key_taken_by_a_run_in_progress_is_refused_to_a_second_run_until_it_completes(LocalAws aws) {
        DynamoDbRunStore store = store(aws);
        DynamoDbIdempotencyRecords claims = claims(aws);
        String recipeId = newRecipeId();
        String digest = newDigest();
        RunRecord first = run(recipeId, digest);
        RunRecord second = run(recipeId, digest);
        Instant lockedUntil = Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);

        assertEquals(Optional.empty(), claims.claim(ACME, digest, inProgress(first, lockedUntil)));
        ClaimedRun holder = claims.claim(ACME, digest, inProgress(second, lockedUntil)).orElseThrow();
        assertEquals(first.runId(), holder.runId(), "the second run learns which run holds the key");
        assertEquals(State.IN_PROGRESS, holder.state());
        assertEquals(lockedUntil, holder.lockedUntil());

        assertTrue(store.record(ACME, first));
        ClaimedRun completed = claims.find(ACME, digest).orElseThrow();
        assertEquals(State.COMPLETED, completed.state());
        assertNull(completed.lockedUntil());
        assertEquals(first.createdAt(), completed.createdAt());
        Map<String, AttributeValue> claim = items(aws, recipeId, DynamoDbIdempotencyRecords.SK_PREFIX).get(0);
        assertFalse(claim.containsKey("lockedUntil"));
        assertEquals(first.createdAt().plus(90, ChronoUnit.DAYS).getEpochSecond(),
                Long.parseLong(claim.get("expiresAt").n()), "a completed claim expires with the run item");

        assertEquals(first.runId(), claims.claim(ACME, digest, inProgress(second, lockedUntil)).orElseThrow()
                .runId(), "a completed claim is never taken over");
        claims.release(ACME, digest, first.runId());
        assertEquals(State.COMPLETED, claims.find(ACME, digest).orElseThrow().state(), "nor released");
        assertEquals(1, items(aws, recipeId, "RUN#").size());
        assertEquals("1", items(aws, recipeId, "AGG#").get(0).get("runs").n());
    }

    @Test
    void a_claim_repeated_by_the_run_that_holds_it_holds_it_still(LocalAws aws) {
        // What the SDK does when a written put's answer is lost: it sends the same put again.
        DynamoDbIdempotencyRecords claims = claims(aws);
        RunRecord run = run(newRecipeId(), null);
        String digest = newDigest();
        ClaimedRun claim = inProgress(run, Instant.now().plusSeconds(60));

        assertTrue(claims.claim(ACME, digest, claim).isEmpty());
        assertTrue(claims.claim(ACME, digest, claim).isEmpty(), "its own claim is not another run's");
        assertEquals(run.runId(), claims.find(ACME, digest).orElseThrow().runId());
    }

    @Test
    void a_released_key_and_a_lapsed_hold_can_be_taken_again_but_only_the_holder_releases(LocalAws aws) {
        DynamoDbIdempotencyRecords claims = claims(aws);
        String recipeId = newRecipeId();
        String digest = newDigest();
        RunRecord failed = run(recipeId, null);
        RunRecord retry = run(recipeId, null);
        Instant later = Instant.now().plus(Duration.ofMinutes(1));

        assertTrue(claims.claim(ACME, digest, inProgress(failed, later)).isEmpty());
        claims.release(ACME, digest, retry.runId());
        assertEquals(failed.runId(), claims.find(ACME, digest).orElseThrow().runId(), "not released by another run");
        claims.release(ACME, digest, failed.runId());
        assertTrue(claims.find(ACME, digest).isEmpty(), "released by its holder");
        assertTrue(claims.claim(ACME, digest, inProgress(retry, later)).isEmpty(), "a retry takes the key");

        String crashed = newDigest();
        assertTrue(claims.claim(ACME, crashed, inProgress(failed, Instant.now().minusSeconds(1))).isEmpty());
        assertTrue(claims.claim(ACME, crashed, inProgress(retry, later)).isEmpty(),
                "a hold whose process died lapses at lockedUntil");
        assertEquals(retry.runId(), claims.find(ACME, crashed).orElseThrow().runId());
    }

    @Test
    void a_run_that_outlived_its_hold_is_still_recorded_and_counted_but_the_key_stays_with_its_new_holder(
            LocalAws aws) {
        DynamoDbRunStore store = store(aws);
        DynamoDbIdempotencyRecords claims = claims(aws);
        String recipeId = newRecipeId();
        String digest = newDigest();
        RunRecord slow = run(recipeId, digest);
        RunRecord next = run(recipeId, digest);
        assertTrue(claims.claim(ACME, digest, inProgress(slow, Instant.now().minusSeconds(1))).isEmpty());
        assertTrue(claims.claim(ACME, digest, inProgress(next, Instant.now().plusSeconds(60))).isEmpty());

        assertTrue(store.record(ACME, slow), "the slow run was spent: it is recorded");

        assertEquals(1, items(aws, recipeId, "RUN#").size());
        assertEquals("1", items(aws, recipeId, "AGG#").get(0).get("runs").n());
        ClaimedRun holder = claims.find(ACME, digest).orElseThrow();
        assertEquals(next.runId(), holder.runId());
        assertEquals(State.IN_PROGRESS, holder.state());
        assertFalse(store.record(ACME, slow), "the same run item is still written once");
    }

    @Test
    void a_claim_belongs_to_its_tenant_and_runs_without_a_key_claim_nothing(LocalAws aws) {
        DynamoDbRunStore store = store(aws);
        DynamoDbIdempotencyRecords claims = claims(aws);
        String digest = newDigest();
        String recipeId = newRecipeId();
        RunRecord acmeRun = run(recipeId, digest);
        Instant later = Instant.now().plusSeconds(60);

        assertTrue(claims.claim(ACME, digest, inProgress(acmeRun, later)).isEmpty());
        assertTrue(store.record(ACME, acmeRun));
        assertTrue(claims.find(new TenantId("globex"), digest).isEmpty());
        RunRecord globexRun = run(recipeId, digest);
        assertTrue(claims.claim(new TenantId("globex"), digest, inProgress(globexRun, later)).isEmpty(),
                "same key, other tenant: its own");
        claims.release(new TenantId("globex"), digest, acmeRun.runId());
        assertEquals(State.COMPLETED, claims.find(ACME, digest).orElseThrow().state());

        RunRecord unkeyed = run(recipeId, null);
        assertTrue(store.record(ACME, unkeyed));
        assertFalse(store.record(ACME, unkeyed), "the same run item is still written once");
        assertEquals(2, items(aws, recipeId, DynamoDbIdempotencyRecords.SK_PREFIX).size());
    }

    @Test
    void claims_written_before_claims_had_states_read_as_completed(LocalAws aws) {
        String digest = newDigest();
        Instant createdAt = Instant.parse("2026-11-02T10:15:30.123Z");
        aws.dynamoDb().putItem(request -> request.tableName(aws.resources().tableName()).item(Map.of(
                "pk", AttributeValue.fromS(ACME.partitionKey()),
                "sk", AttributeValue.fromS(DynamoDbIdempotencyRecords.SK_PREFIX + digest),
                "type", AttributeValue.fromS("IDEMPOTENCY"), "runId", AttributeValue.fromS("run_old"),
                "recipeId", AttributeValue.fromS("rcp_old"), "createdAt", AttributeValue.fromS(createdAt.toString()))));

        ClaimedRun old = claims(aws).find(ACME, digest).orElseThrow();

        assertEquals(new ClaimedRun("run_old", "rcp_old", createdAt, State.COMPLETED, null), old);
        assertTrue(old.holds(Instant.now()));
        RunRecord run = run("rcp_old", digest);
        assertEquals("run_old", claims(aws).claim(ACME, digest, inProgress(run, Instant.now().plusSeconds(60)))
                .orElseThrow().runId());
    }
}
