package dev.byok.usage;

import dev.byok.aws.TableConfiguration;
import dev.byok.runs.DynamoDbRunStore;
import dev.byok.runs.RunsConfiguration;
import dev.byok.runs.SampleRun;
import dev.byok.settings.InMemoryTenantSettingsRepository;
import dev.byok.settings.TenantTimeZones;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.WithLocalAws;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cost of {@code GET /usage} does not grow with the number of runs: it reads one aggregate item per (day,
 * active dimension combination), counted here from the Query responses the adapter actually received.
 */
@WithLocalAws
class UsageQueryCostTest {

    /** Counts Query calls and the items they returned, as seen by the SDK. */
    private static final class QueryCounter implements ExecutionInterceptor {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger items = new AtomicInteger();

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.response() instanceof QueryResponse response) {
                calls.incrementAndGet();
                items.addAndGet(response.count());
            }
        }

        void reset() {
            calls.set(0);
            items.set(0);
        }
    }

    @Test
    void a_30_day_query_reads_one_item_per_day_and_combination_however_many_runs_there_are(LocalAws aws) {
        TenantId tenant = new TenantId("t-" + UUID.randomUUID().toString().substring(0, 8));
        TableConfiguration table = new TableConfiguration(aws.resources().tableName());
        DynamoDbRunStore store = new DynamoDbRunStore(aws.dynamoDb(), table, new RunsConfiguration(90, 1100));
        QueryCounter counter = new QueryCounter();
        DynamoDbClient counted = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
        UsageService usage = new UsageService(new DynamoDbUsageAggregates(counted, table),
                new TenantTimeZones(new InMemoryTenantSettingsRepository()));
        AuthenticatedPrincipal principal = new AuthenticatedPrincipal(tenant, "analyst");

        // 10 active days in November, 3 combinations (2 recipes; one of them in 2 departments).
        String[][] combinations = {{"rcp_aaaaaaaaaaaaaaaaaaaa", "support"}, {"rcp_aaaaaaaaaaaaaaaaaaaa", "sales"},
                {"rcp_bbbbbbbbbbbbbbbbbbbb", "support"}};
        Instant first = Instant.parse("2026-11-03T10:00:00Z");
        int recorded = 0;
        for (int round = 1; round <= 2; round++) {
            for (int day = 0; day < 10; day++) {
                for (String[] combination : combinations) {
                    for (int i = 0; i < round; i++) { // round 2 records twice as many runs per item as round 1
                        store.record(tenant, SampleRun.at(first.plusSeconds(86_400L * 2 * day + 60L * recorded))
                                .recipe(combination[0]).department(combination[1]).build());
                        recorded++;
                    }
                }
            }
            counter.reset();
            UsageReport report = usage.report(principal, "2026-11-01", "2026-11-30", "recipe,department");

            assertEquals(recorded, report.totals().runs());
            assertEquals(3, report.rows().size());
            assertEquals(10 * 3, counter.items.get(), "items read after " + recorded + " runs");
            assertEquals(1, counter.calls.get(), "one Query page");
        }
        counted.close();
    }
}
