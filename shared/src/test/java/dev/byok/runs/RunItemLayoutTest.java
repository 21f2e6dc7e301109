package dev.byok.runs;

import dev.byok.aws.TableConfiguration;
import dev.byok.providers.TokenUsage;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.TableInspector;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.usage.AggregateCounters;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.byok.aws.ItemAttributes.string;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The items the run store builds for bulk seeding (the usage-scaling benchmark writes 100,000 runs with
 * {@code BatchWriteItem}) are exactly the items {@link DynamoDbRunStore#record} leaves in the table, so a benchmark
 * on seeded data measures the real layout. Also checks that the in-memory run store counts like the real ADDs.
 */
@WithLocalAws
class RunItemLayoutTest {

    @Test
    void seeded_run_and_aggregate_items_equal_what_recording_the_runs_writes(LocalAws aws) {
        TenantId tenant = new TenantId("t-" + UUID.randomUUID().toString().substring(0, 8));
        DynamoDbRunStore store = new DynamoDbRunStore(aws.dynamoDb(),
                new TableConfiguration(aws.resources().tableName()), new RunsConfiguration(90, 1100));
        Instant day = Instant.parse("2026-11-12T08:00:00Z");
        List<RunRecord> runs = List.of(
                SampleRun.at(day).usage(new TokenUsage(120, 40, 30, 10, 5, 7)).cost(123_456_789L).build(),
                SampleRun.at(day.plusSeconds(60)).failed().build(),
                SampleRun.at(day.plusSeconds(120)).unpriced().build());
        AggregateCounters sum = AggregateCounters.ZERO;
        for (RunRecord run : runs) {
            store.record(tenant, run);
            sum = sum.plus(InMemoryRunStore.countersOf(run));
        }

        List<Map<String, AttributeValue>> items = TableInspector.of(aws).items().stream()
                .filter(item -> tenant.partitionKey().equals(string(item, "pk"))).toList();
        for (RunRecord run : runs) {
            Map<String, AttributeValue> written = items.stream()
                    .filter(item -> run.runId().equals(string(item, "runId"))).findFirst().orElseThrow();
            assertEquals(written, store.runItem(tenant, run));
        }
        Map<String, AttributeValue> aggregate = items.stream()
                .filter(item -> "AGG".equals(string(item, "type"))).findFirst().orElseThrow();
        assertEquals(aggregate, store.aggregateItem(tenant, runs.get(0).day(), DynamoDbRunStore.dimensionsOf(
                runs.get(0)), sum));
    }
}
