package dev.byok.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.aws.TableConfiguration;
import dev.byok.pricing.Cost;
import dev.byok.pricing.CostCalculator;
import dev.byok.providers.ProviderKind;
import dev.byok.providers.TokenUsage;
import dev.byok.settings.InMemoryTenantSettingsRepository;
import dev.byok.settings.TenantTimeZones;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.LocalAwsBootstrap;
import dev.byok.testing.aws.TableInspector;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.usage.AggregateCounters;
import dev.byok.usage.AggregateItems;
import dev.byok.usage.DailyAggregate;
import dev.byok.usage.DynamoDbUsageAggregates;
import dev.byok.usage.UsageReport;
import dev.byok.usage.UsageRow;
import dev.byok.usage.UsageService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.byok.aws.ItemAttributes.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run store's aggregate counters against moto: exact sums of awkward prices, concurrent writers, retried writes
 * and transactions cancelled by contention. The oracle is always the run items themselves, read back from the table.
 * The class writes to a table of its own: moto copies a whole table for every transaction, so a small table keeps
 * hundreds of transactions fast.
 */
@WithLocalAws
class RunStoreAggregatesTest {
    private static final CostCalculator COSTS = new CostCalculator(new ObjectMapper());
    /** Enough runs to mix every price, cache and reasoning case many times (moto takes ~50 ms a transaction). */
    private static final int RUNS = 80;
    private static String table;

    @BeforeAll
    static void createTable(LocalAws aws) {
        table = new LocalAwsBootstrap(aws.dynamoDb(), aws.kms(), aws.secretsManager())
                .ensureTable("usage-store-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static DynamoDbRunStore store(LocalAws aws) {
        return store(aws, aws.dynamoDb());
    }

    private static DynamoDbRunStore store(LocalAws aws, DynamoDbClient client) {
        return new DynamoDbRunStore(client, new TableConfiguration(table),
                new RunsConfiguration(90, 1100));
    }

    private static UsageService usage(LocalAws aws) {
        return new UsageService(new DynamoDbUsageAggregates(aws.dynamoDb(),
                new TableConfiguration(table)),
                new TenantTimeZones(new InMemoryTenantSettingsRepository()));
    }

    private static TenantId newTenant() {
        return new TenantId("t-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static List<Map<String, AttributeValue>> items(LocalAws aws, TenantId tenant, String type) {
        return new TableInspector(aws.dynamoDb(), table).items().stream()
                .filter(item -> tenant.partitionKey().equals(string(item, "pk")) && type.equals(string(item, "type")))
                .toList();
    }

    /** What the aggregates should say, computed from the run items alone. */
    private static AggregateCounters sumOfRunItems(List<Map<String, AttributeValue>> runItems) {
        AggregateCounters sum = AggregateCounters.ZERO;
        for (Map<String, AttributeValue> item : runItems) {
            RunRecord run = DynamoDbRunStore.fromItem(item);
            TokenUsage usage = run.usage() == null ? TokenUsage.NONE : run.usage();
            boolean succeeded = run.status() == RunStatus.SUCCEEDED;
            sum = sum.plus(new AggregateCounters(1, succeeded ? 1 : 0, succeeded ? 0 : 1, usage.inputTokens(),
                    usage.outputTokens(), usage.cacheReadTokens(), usage.cacheWriteTokens(), usage.reasoningTokens(),
                    run.costPicoUsd() == null ? BigInteger.ZERO : run.costPicoUsd(),
                    run.costPicoUsd() == null ? 1 : 0));
        }
        return sum;
    }

    private static AggregateCounters sumOfAggregateItems(List<Map<String, AttributeValue>> aggregateItems) {
        return aggregateItems.stream().map(AggregateItems::fromItem).map(DailyAggregate::counters)
                .reduce(AggregateCounters.ZERO, AggregateCounters::plus);
    }

    private static BigInteger priced(String provider, String model, TokenUsage usage) {
        return COSTS.cost(ProviderKind.fromWireName(provider).orElseThrow(), model, usage).map(Cost::picoUsd)
                .orElse(null);
    }

    @Test
    void many_runs_with_sub_microdollar_prices_and_cache_and_reasoning_tokens_sum_exactly(LocalAws aws) {
        TenantId tenant = newTenant();
        DynamoDbRunStore store = store(aws);
        Instant start = Instant.parse("2026-11-10T00:00:00Z");
        BigInteger expectedPico = BigInteger.ZERO;
        long expectedReasoning = 0;
        long expectedCacheWrite = 0;
        int unpriced = 0;
        // gpt-5-nano bills a cached input token at 0.005 USD per million: 0.000000005 USD, far below a micro-dollar.
        BigDecimal nanoUsd = BigDecimal.ZERO;
        for (int i = 0; i < RUNS; i++) {
            TokenUsage usage;
            String provider;
            String model;
            switch (i % 4) {
                case 0 -> {
                    provider = "openai";
                    model = "gpt-5-nano";
                    usage = new TokenUsage(i % 3, 1 + i % 5, 1 + i % 7, 0, 0, i % 5);
                    nanoUsd = nanoUsd.add(new BigDecimal("0.05").multiply(BigDecimal.valueOf(usage.inputTokens()))
                            .add(new BigDecimal("0.4").multiply(BigDecimal.valueOf(usage.outputTokens())))
                            .add(new BigDecimal("0.005").multiply(BigDecimal.valueOf(usage.cacheReadTokens())))
                            .movePointLeft(6));
                }
                case 1 -> {
                    provider = "anthropic";
                    model = "claude-haiku-4-5";
                    usage = new TokenUsage(3 + i, 1 + i % 11, i % 13, 1 + i % 17, i % 2, 0);
                }
                case 2 -> {
                    provider = "gemini";
                    model = "gemini-2.5-flash-lite";
                    usage = new TokenUsage(1 + i % 9, 2 + i % 4, i % 3, 0, 0, 1 + i % 4);
                }
                default -> {
                    provider = "openai-compatible";
                    model = "llama-local-" + (i % 2);
                    usage = TokenUsage.of(7, 3);
                }
            }
            BigInteger cost = priced(provider, model, usage);
            SampleRun run = SampleRun.at(start.plusSeconds(37L * i)).model(provider, model).usage(usage).cost(cost);
            if (i % 10 == 9) {
                run.failed();
            }
            assertTrue(store.record(tenant, run.build()));
            if (cost == null) {
                unpriced++;
            } else {
                expectedPico = expectedPico.add(cost);
            }
            expectedReasoning += usage.reasoningTokens();
            expectedCacheWrite += usage.cacheWriteTokens();
        }

        UsageReport report = usage(aws).report(new AuthenticatedPrincipal(tenant, "analyst"), "2026-11-10",
                "2026-11-10", "model");
        UsageRow totals = report.totals();
        assertEquals(RUNS, totals.runs());
        assertEquals(RUNS / 10, totals.failed());
        assertEquals(unpriced, totals.unpricedRuns());
        assertEquals(expectedReasoning, totals.reasoningTokens());
        assertEquals(expectedCacheWrite, totals.cacheWriteTokens());
        assertEquals(new BigDecimal(expectedPico).movePointLeft(12).stripTrailingZeros().toPlainString(),
                totals.costUsd());
        UsageRow nano = report.rows().stream().filter(row -> "gpt-5-nano".equals(row.model())).findFirst()
                .orElseThrow();
        assertEquals(nanoUsd.stripTrailingZeros().toPlainString(), nano.costUsd(),
                "the per-model total equals the price list applied by hand, to the last decimal");
        assertEquals("openai", nano.provider(), "a model row names its provider");

        List<Map<String, AttributeValue>> runItems = items(aws, tenant, "RUN");
        assertEquals(RUNS, runItems.size());
        assertEquals(sumOfRunItems(runItems), sumOfAggregateItems(items(aws, tenant, "AGG")));
        assertEquals(expectedPico, sumOfRunItems(runItems).costPicoUsd());
    }

    @Test
    void concurrent_records_leave_aggregates_equal_to_the_sum_of_the_run_items(LocalAws aws) throws Exception {
        TenantId tenant = newTenant();
        DynamoDbRunStore store = store(aws);
        Instant start = Instant.parse("2026-11-20T22:00:00Z");
        List<RunRecord> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(SampleRun.at(start.plusMillis(90_000L * i + i))
                    .recipe(i % 2 == 0 ? "rcp_aaaaaaaaaaaaaaaaaaaa" : "rcp_bbbbbbbbbbbbbbbbbbbb")
                    .department(i % 3 == 0 ? "support" : "sales, EMEA")
                    .usage(new TokenUsage(100 + i, 10 + i % 7, i % 5, i % 3, 0, i % 2))
                    .cost(1_234_567L + i).build());
        }
        // Every fourth run is submitted twice, as a client or SDK retry would: those must count once.
        List<RunRecord> submissions = new ArrayList<>(runs);
        for (int i = 0; i < runs.size(); i += 4) {
            submissions.add(runs.get(i));
        }
        java.util.Collections.shuffle(submissions, new java.util.Random(7));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (RunRecord run : submissions) {
                results.add(pool.submit(() -> {
                    go.await();
                    return store.record(tenant, run);
                }));
            }
            go.countDown();
            int recorded = 0;
            for (Future<Boolean> result : results) {
                recorded += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(runs.size(), recorded, "each run is recorded exactly once, retries included");
        } finally {
            pool.shutdownNow();
        }

        List<Map<String, AttributeValue>> runItems = items(aws, tenant, "RUN");
        List<Map<String, AttributeValue>> aggregateItems = items(aws, tenant, "AGG");
        assertEquals(runs.size(), runItems.size());
        assertEquals(sumOfRunItems(runItems), sumOfAggregateItems(aggregateItems));
        // And per aggregate item: group the run items by the item's (day, recipe, department).
        Map<String, List<Map<String, AttributeValue>>> runsPerBucket = new HashMap<>();
        runItems.forEach(item -> runsPerBucket.computeIfAbsent(string(item, "day") + "|" + string(item, "recipeId")
                + "|" + string(item, "department"), k -> new ArrayList<>()).add(item));
        assertEquals(runsPerBucket.size(), aggregateItems.size());
        for (Map<String, AttributeValue> aggregate : aggregateItems) {
            String bucket = string(aggregate, "day") + "|" + string(aggregate, "recipeId") + "|"
                    + string(aggregate, "department");
            assertEquals(sumOfRunItems(runsPerBucket.get(bucket)), AggregateItems.fromItem(aggregate).counters(),
                    bucket);
        }
    }

    @Test
    void recording_the_same_run_twice_counts_it_once(LocalAws aws) {
        TenantId tenant = newTenant();
        DynamoDbRunStore store = store(aws);
        RunRecord run = SampleRun.at("2026-11-10T09:00:00Z").usage(new TokenUsage(5, 6, 7, 8, 0, 2)).cost(999)
                .build();

        assertTrue(store.record(tenant, run));
        assertFalse(store.record(tenant, run), "the retried write is recognised");

        assertEquals(1, items(aws, tenant, "RUN").size());
        AggregateCounters counted = sumOfAggregateItems(items(aws, tenant, "AGG"));
        assertEquals(1, counted.runs());
        assertEquals(BigInteger.valueOf(999), counted.costPicoUsd());
        assertEquals(7, counted.cacheReadTokens());
    }

    @Test
    void a_transaction_cancelled_by_a_concurrent_one_is_written_again_and_counted_once(LocalAws aws) {
        TenantId tenant = newTenant();
        ContendedDynamoDb contended = new ContendedDynamoDb(aws.dynamoDb(), 2);
        RunRecord run = SampleRun.at("2026-11-10T09:00:00Z").cost(5_000).build();

        assertTrue(store(aws, contended).record(tenant, run));

        assertEquals(3, contended.calls(), "two cancelled attempts, then the one that went through");
        assertEquals(1, items(aws, tenant, "RUN").size());
        assertEquals(1, sumOfAggregateItems(items(aws, tenant, "AGG")).runs());
    }

    @Test
    void a_run_that_is_already_recorded_is_not_attempted_again(LocalAws aws) {
        TenantId tenant = newTenant();
        RunRecord run = SampleRun.at("2026-11-10T09:00:00Z").build();
        store(aws).record(tenant, run);
        ContendedDynamoDb counting = new ContendedDynamoDb(aws.dynamoDb(), 0);

        assertFalse(store(aws, counting).record(tenant, run));

        assertEquals(1, counting.calls(), "a failed condition is an answer, not contention: no retry");
        assertEquals(1, sumOfAggregateItems(items(aws, tenant, "AGG")).runs());
    }

    @Test
    void contention_that_outlasts_the_retries_fails_and_counts_nothing(LocalAws aws) {
        TenantId tenant = newTenant();
        ContendedDynamoDb contended = new ContendedDynamoDb(aws.dynamoDb(), Integer.MAX_VALUE);

        assertThrows(TransactionCanceledException.class,
                () -> store(aws, contended).record(tenant, SampleRun.at("2026-11-10T09:00:00Z").build()));

        assertEquals(DynamoDbRunStore.MAX_WRITE_ATTEMPTS, contended.calls(), "retries are bounded");
        assertTrue(items(aws, tenant, "RUN").isEmpty());
        assertTrue(items(aws, tenant, "AGG").isEmpty());
    }

    @Test
    void aggregate_items_keep_the_dimensions_and_day_of_their_runs(LocalAws aws) {
        TenantId tenant = newTenant();
        store(aws).record(tenant, SampleRun.at("2026-11-10T23:30:00Z").day(LocalDate.parse("2026-11-11"))
                .recipe("rcp_cccccccccccccccccccc").department("ops").model("gemini", "gemini-2.5-flash")
                .key("key_bbbbbbbbbbbbbbbbbbbb").workflow("wfl_aaaaaaaaaaaaaaaaaaaa").build());

        List<Map<String, AttributeValue>> aggregates = items(aws, tenant, "AGG");
        assertEquals(1, aggregates.size());
        DailyAggregate aggregate = AggregateItems.fromItem(aggregates.get(0));
        assertEquals(LocalDate.parse("2026-11-11"), aggregate.day(), "the run's own (tenant-local) day");
        assertEquals("rcp_cccccccccccccccccccc", aggregate.dimensions().recipeId());
        assertEquals("gemini-2.5-flash", aggregate.dimensions().model());
        assertEquals("wfl_aaaaaaaaaaaaaaaaaaaa", aggregate.dimensions().workflowId());
        assertTrue(string(aggregates.get(0), "sk").startsWith("AGG#2026-11-11#"));
    }
}
