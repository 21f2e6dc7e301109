package dev.byok.runs;

import dev.byok.aws.TableConfiguration;
import dev.byok.settings.InMemoryTenantSettingsRepository;
import dev.byok.settings.TenantTimeZones;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.usage.DynamoDbUsageAggregates;
import dev.byok.usage.UsageReport;
import dev.byok.usage.UsageService;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.byok.aws.ItemAttributes.s;
import static dev.byok.aws.ItemAttributes.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention: run items and aggregate items carry their own TTLs ({@code BYOK_RUN_RETENTION_DAYS},
 * {@code BYOK_AGGREGATE_RETENTION_DAYS}), so totals outlive the runs they were added from. moto never expires TTL
 * items, so expiry is modelled by deleting the run items the way TTL would.
 */
@WithLocalAws
class RunRetentionTest {
    private static TableConfiguration table(LocalAws aws) {
        return new TableConfiguration(aws.resources().tableName());
    }

    private static List<Map<String, AttributeValue>> query(LocalAws aws, TenantId tenant, String prefix) {
        return aws.dynamoDb().query(q -> q.tableName(aws.resources().tableName())
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(tenant.partitionKey()), ":prefix", s(prefix)))
                .consistentRead(true)).items();
    }

    private static long expiresAt(Map<String, AttributeValue> item) {
        return Long.parseLong(item.get("expiresAt").n());
    }

    @Test
    void run_items_and_aggregates_expire_after_their_own_configured_retention(LocalAws aws) {
        TenantId tenant = new TenantId("t-" + UUID.randomUUID().toString().substring(0, 8));
        DynamoDbRunStore store = new DynamoDbRunStore(aws.dynamoDb(), table(aws), new RunsConfiguration(7, 400));
        Instant createdAt = Instant.parse("2026-11-10T21:15:30.123Z");
        store.record(tenant, SampleRun.at(createdAt).day(LocalDate.parse("2026-11-11")).build());

        Map<String, AttributeValue> run = query(aws, tenant, "RUN#").get(0);
        Map<String, AttributeValue> aggregate = query(aws, tenant, "AGG#").get(0);
        assertEquals(createdAt.plus(7, ChronoUnit.DAYS).getEpochSecond(), expiresAt(run));
        assertEquals(LocalDate.parse("2026-11-11").plusDays(400).atStartOfDay(ZoneOffset.UTC).toEpochSecond(),
                expiresAt(aggregate), "an aggregate expires a fixed time after its day, whatever run came last");
        assertTrue(expiresAt(aggregate) > expiresAt(run));
    }

    @Test
    void usage_totals_survive_the_expiry_of_the_run_items(LocalAws aws) {
        TenantId tenant = new TenantId("t-" + UUID.randomUUID().toString().substring(0, 8));
        DynamoDbRunStore store = new DynamoDbRunStore(aws.dynamoDb(), table(aws), new RunsConfiguration(1, 1100));
        for (int i = 0; i < 5; i++) {
            store.record(tenant, SampleRun.at(Instant.parse("2026-11-10T09:00:00Z").plusSeconds(i))
                    .cost(123_456_789L + i).build());
        }
        UsageService usage = new UsageService(new DynamoDbUsageAggregates(aws.dynamoDb(), table(aws)),
                new TenantTimeZones(new InMemoryTenantSettingsRepository()));
        AuthenticatedPrincipal principal = new AuthenticatedPrincipal(tenant, "analyst");
        UsageReport before = usage.report(principal, "2026-11-01", "2026-11-30", "recipe,day");

        for (Map<String, AttributeValue> run : query(aws, tenant, "RUN#")) {
            aws.dynamoDb().deleteItem(d -> d.tableName(aws.resources().tableName())
                    .key(Map.of("pk", run.get("pk"), "sk", run.get("sk"))));
        }

        assertTrue(query(aws, tenant, "RUN#").isEmpty(), "the runs are gone");
        assertEquals(before, usage.report(principal, "2026-11-01", "2026-11-30", "recipe,day"));
        assertEquals(5, before.totals().runs());
        assertEquals("0.000617283955", before.totals().costUsd());
    }

    @Test
    void both_retentions_are_read_from_the_environment_variables_template_yaml_sets() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "BYOK_RUN_RETENTION_DAYS", "30", "BYOK_AGGREGATE_RETENTION_DAYS", "800"))) {
            RunsConfiguration configuration = context.getBean(RunsConfiguration.class);
            assertEquals(30, configuration.retentionDays());
            assertEquals(800, configuration.aggregateRetentionDays());
        }
        try (ApplicationContext context = ApplicationContext.run()) {
            RunsConfiguration defaults = context.getBean(RunsConfiguration.class);
            assertEquals(90, defaults.retentionDays());
            assertEquals(1100, defaults.aggregateRetentionDays());
        }
    }

    @Test
    void aggregates_cannot_be_configured_to_expire_before_the_runs() {
        assertThrows(IllegalArgumentException.class, () -> new RunsConfiguration(90, 30));
        assertThrows(IllegalArgumentException.class, () -> new RunsConfiguration(0, 30));
    }
}
