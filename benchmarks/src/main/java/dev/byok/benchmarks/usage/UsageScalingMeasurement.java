package dev.byok.benchmarks.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.aws.TableConfiguration;
import dev.byok.benchmarks.BenchmarkContext;
import dev.byok.benchmarks.LocalAwsEnvironment;
import dev.byok.benchmarks.MarkdownTable;
import dev.byok.benchmarks.Measurement;
import dev.byok.benchmarks.Samples;
import dev.byok.ids.Ids;
import dev.byok.pricing.Cost;
import dev.byok.pricing.CostCalculator;
import dev.byok.providers.ProviderKind;
import dev.byok.providers.TokenUsage;
import dev.byok.runs.DynamoDbRunStore;
import dev.byok.runs.InMemoryRunStore;
import dev.byok.runs.RunRecord;
import dev.byok.runs.RunStatus;
import dev.byok.runs.RunsConfiguration;
import dev.byok.settings.DynamoDbTenantSettingsRepository;
import dev.byok.settings.InMemoryTenantSettingsRepository;
import dev.byok.settings.TenantTimeZones;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.usage.AggregateCounters;
import dev.byok.usage.AggregateDimensions;
import dev.byok.usage.DynamoDbUsageAggregates;
import dev.byok.usage.UsageReport;
import dev.byok.usage.UsageService;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Measurement 3: {@code GET /usage} for 30 days with 1,000 and with 100,000 recorded runs, in one run. Two tenants of
 * one table in a moto of its own are seeded with run items and their daily aggregate items in the real layout
 * ({@link DynamoDbRunStore#runItem}, {@link DynamoDbRunStore#aggregateItem}), written with {@code BatchWriteItem}
 * (recording 100,000 runs one transaction at a time would take moto hours: it copies the table per transaction).
 * The real {@link UsageService} and {@link DynamoDbUsageAggregates} then answer the query through the SDK, which
 * counts what the Query calls returned; and once more in process, with DynamoDB's recorded answer replayed, to time
 * the product's own work apart from the emulator's.
 */
public final class UsageScalingMeasurement implements Measurement {
    static final double RATIO_TARGET = 1.5;
    static final int[] SCALES = {1_000, 100_000};
    static final LocalDate FROM = LocalDate.parse("2026-11-01");
    static final LocalDate TO = LocalDate.parse("2026-11-30");
    static final String GROUP_BY = "recipe,department,model,day";
    private static final int BATCH = 25;
    private static final int WARMUP_QUERIES = 1;
    private static final int MAX_QUERIES = 3;
    private static final int IN_PROCESS_WARMUP = 300;
    private static final int IN_PROCESS_REPORTS = 1_000;
    private static final Duration SEEDING_NEEDS = Duration.ofMinutes(3);

    /** The recipes of the seeded tenants: each runs on one model with one key, in two departments. */
    private static final String[][] RECIPES = {
            {"rcp_benchsupport00000000", "anthropic", "claude-haiku-4-5", "key_benchanthropic000000"},
            {"rcp_benchsales0000000000", "openai", "gpt-4o-mini", "key_benchopenai000000000"},
            {"rcp_benchtriage000000000", "gemini", "gemini-2.5-flash", "key_benchgemini000000000"}};
    private static final String[] DEPARTMENTS = {"support", "sales"};

    /** One seeded tenant. */
    record Scale(int runs, TenantId tenant, int aggregates, double seedSeconds) {
        long partitionItems() {
            return runs + (long) aggregates;
        }
    }

    /** What was measured for one scale. */
    record Result(Scale scale, QueryMeter.Reading reading, int rows, Samples motoMillis, Samples inProcessMicros) {
    }

    private record Bucket(LocalDate day, AggregateDimensions dimensions) {
    }

    @Override
    public String id() {
        return "usage-scaling";
    }

    @Override
    public String title() {
        return "3. Usage-query scaling";
    }

    @Override
    public int order() {
        return 3;
    }

    @Override
    public String run(BenchmarkContext context) throws Exception {
        if (!context.hasTimeFor(SEEDING_NEEDS)) {
            throw new IllegalStateException("seeding 101,000 runs into moto needs about " + SEEDING_NEEDS.toMinutes()
                    + " minutes; give the command a larger --budget");
        }
        context.log("usage scaling: starting a moto of its own");
        try (LocalAwsEnvironment aws = LocalAwsEnvironment.start()) {
            TableConfiguration table = new TableConfiguration(aws.resources().tableName());
            List<Scale> scales = new ArrayList<>();
            try (DynamoDbClient seeding = aws.dynamoDb()) {
                DynamoDbRunStore store = new DynamoDbRunStore(seeding, table, new RunsConfiguration(90, 1100));
                CostCalculator costs = new CostCalculator(new ObjectMapper());
                for (int runs : SCALES) {
                    scales.add(seed(context, seeding, store, costs, table, runs));
                }
            }
            QueryMeter meter = new QueryMeter();
            try (DynamoDbClient measured = aws.dynamoDb(meter)) {
                UsageService usage = new UsageService(new DynamoDbUsageAggregates(measured, table),
                        new TenantTimeZones(new DynamoDbTenantSettingsRepository(measured, table)));
                return render(measure(context, scales, usage, meter, table));
            }
        }
    }

    private static Scale seed(BenchmarkContext context, DynamoDbClient dynamo, DynamoDbRunStore store,
                              CostCalculator costs, TableConfiguration table, int runs) {
        TenantId tenant = new TenantId("usage-" + runs);
        context.log("usage scaling: seeding %,d runs for tenant %s", runs, tenant.value());
        long started = System.nanoTime();
        Random random = new Random(8L * runs);
        Instant start = FROM.atStartOfDay(ZoneOffset.UTC).toInstant();
        long windowMillis = Duration.between(start, TO.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())
                .toMillis();
        Map<Bucket, AggregateCounters> aggregates = new LinkedHashMap<>();
        List<WriteRequest> pending = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            RunRecord run = run(random, costs, start.plusMillis((long) (random.nextDouble() * windowMillis)));
            aggregates.merge(new Bucket(run.day(), new AggregateDimensions(run.recipeId(), run.department(),
                            run.provider(), run.model(), run.keyId(), AggregateDimensions.NO_WORKFLOW)),
                    InMemoryRunStore.countersOf(run), AggregateCounters::plus);
            pending.add(put(store.runItem(tenant, run)));
            if (pending.size() == BATCH) {
                write(dynamo, table, pending);
            }
            if ((i + 1) % 20_000 == 0) {
                context.log("usage scaling: %,d of %,d runs written", i + 1, runs);
            }
        }
        aggregates.forEach((bucket, counters) -> {
            pending.add(put(store.aggregateItem(tenant, bucket.day(), bucket.dimensions(), counters)));
            if (pending.size() == BATCH) {
                write(dynamo, table, pending);
            }
        });
        write(dynamo, table, pending);
        return new Scale(runs, tenant, aggregates.size(), (System.nanoTime() - started) / 1e9);
    }

    /** A plausible run: one of the recipes and departments, 2 % failed, tokens and the exact list price. */
    private static RunRecord run(Random random, CostCalculator costs, Instant createdAt) {
        String[] recipe = RECIPES[random.nextInt(RECIPES.length)];
        String department = DEPARTMENTS[random.nextInt(DEPARTMENTS.length)];
        boolean failed = random.nextInt(100) < 2;
        TokenUsage usage = failed ? TokenUsage.NONE : TokenUsage.of(100 + random.nextInt(1_900),
                20 + random.nextInt(480));
        BigInteger cost = failed ? BigInteger.ZERO : costs.cost(ProviderKind.fromWireName(recipe[1]).orElseThrow(),
                recipe[2], usage).map(Cost::picoUsd).orElse(null);
        Instant at = createdAt.truncatedTo(ChronoUnit.MILLIS);
        return new RunRecord(Ids.runId(at), recipe[0], 1, department, recipe[1], recipe[2], recipe[3],
                failed ? RunStatus.FAILED : RunStatus.SUCCEEDED, failed ? "provider_unavailable" : null, usage, cost,
                costs.priceTableVersion(), 900 + random.nextInt(2_000), 850 + random.nextInt(1_900), 1,
                "req_" + Long.toHexString(random.nextLong()), at, LocalDate.ofInstant(at, ZoneOffset.UTC), null, null,
                null, null);
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    /** Writes and empties {@code pending}, asking again for what DynamoDB leaves unprocessed. */
    private static void write(DynamoDbClient dynamo, TableConfiguration table, List<WriteRequest> pending) {
        List<WriteRequest> batch = List.copyOf(pending);
        pending.clear();
        for (int attempt = 0; !batch.isEmpty(); attempt++) {
            if (attempt == 10) {
                throw new IllegalStateException(batch.size() + " items stayed unprocessed");
            }
            List<WriteRequest> requests = batch;
            BatchWriteItemResponse response = dynamo.batchWriteItem(r -> r.requestItems(Map.of(table.name(),
                    requests)));
            batch = response.unprocessedItems().getOrDefault(table.name(), List.of());
        }
    }

    private List<Result> measure(BenchmarkContext context, List<Scale> scales, UsageService usage, QueryMeter meter,
                                 TableConfiguration table) {
        Map<Scale, List<Double>> motoMillis = new LinkedHashMap<>();
        Map<Scale, QueryMeter.Reading> readings = new LinkedHashMap<>();
        Map<Scale, Integer> rows = new LinkedHashMap<>();
        for (Scale scale : scales) {
            motoMillis.put(scale, new ArrayList<>());
            meter.take();
            UsageReport report = usage.report(principal(scale), FROM.toString(), TO.toString(), GROUP_BY);
            if (report.totals().runs() != scale.runs()) {
                throw new IllegalStateException("GET /usage counted " + report.totals().runs() + " runs for "
                        + scale.tenant().value() + ", which has " + scale.runs());
            }
            readings.put(scale, meter.take());
            rows.put(scale, report.rows().size());
        }
        context.log("usage scaling: both reports count every seeded run; timing the queries");
        // Interleaved, so other load on the machine falls on both scales alike.
        for (int round = 0; round < WARMUP_QUERIES + MAX_QUERIES; round++) {
            if (round > WARMUP_QUERIES && !context.hasTimeFor(Duration.ofSeconds(30))) {
                context.log("usage scaling: time budget reached after %d queries per scale", round - WARMUP_QUERIES);
                break;
            }
            for (Scale scale : scales) {
                meter.take();
                long started = System.nanoTime();
                usage.report(principal(scale), FROM.toString(), TO.toString(), GROUP_BY);
                long elapsed = System.nanoTime() - started;
                QueryMeter.Reading reading = meter.take();
                if (reading.items() != readings.get(scale).items()) {
                    throw new IllegalStateException("the same query read " + reading.items() + " items, then "
                            + readings.get(scale).items());
                }
                if (round >= WARMUP_QUERIES) {
                    motoMillis.get(scale).add(elapsed / 1e6);
                }
            }
        }

        // The product's own work: the adapter decoding DynamoDB's answer and the service rolling it up.
        Map<Scale, UsageService> replayed = new LinkedHashMap<>();
        Map<Scale, List<Double>> inProcess = new LinkedHashMap<>();
        for (Scale scale : scales) {
            replayed.put(scale, new UsageService(new DynamoDbUsageAggregates(
                    new ReplayedQueries(readings.get(scale).pages()), table),
                    new TenantTimeZones(new InMemoryTenantSettingsRepository())));
            inProcess.put(scale, new ArrayList<>());
        }
        for (int i = 0; i < IN_PROCESS_WARMUP + IN_PROCESS_REPORTS; i++) {
            for (Scale scale : scales) {
                long started = System.nanoTime();
                replayed.get(scale).report(principal(scale), FROM.toString(), TO.toString(), GROUP_BY);
                if (i >= IN_PROCESS_WARMUP) {
                    inProcess.get(scale).add((System.nanoTime() - started) / 1e3);
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (Scale scale : scales) {
            results.add(new Result(scale, readings.get(scale), rows.get(scale), Samples.of(motoMillis.get(scale)),
                    Samples.of(inProcess.get(scale))));
        }
        return results;
    }

    private static AuthenticatedPrincipal principal(Scale scale) {
        return new AuthenticatedPrincipal(scale.tenant(), "analyst");
    }

    // ------------------------------------------------------------------------------------------------------ report

    static String render(List<Result> results) {
        Result small = results.get(0);
        Result large = results.get(results.size() - 1);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Two tenants in one table, in a moto of their own, with %,d and %,d "
                        + "runs spread at random over the 30 days %s to %s (3 recipes, each on its own model and key, "
                        + "in 2 departments; 2 %% failed; tokens and exact list prices per run), seeded as run items "
                        + "and daily aggregate items in the layout the run store writes (`DynamoDbRunStore.runItem` / "
                        + "`aggregateItem`, checked against what recording writes by `RunItemLayoutTest`) with "
                        + "`BatchWriteItem`. Then `GET /usage?from=%s&to=%s&groupBy=%s` through the real `UsageService` "
                        + "and `DynamoDbUsageAggregates`: both reports count exactly the runs seeded. *Items read*, "
                        + "*evaluated* and *bytes* are what the SDK received from the Query calls. *Via moto* is the "
                        + "whole query against the emulator (%d queries per scale, interleaved, after %d more to warm up); "
                        + "*in process* replays DynamoDB's recorded answer instantly, so it is the product's own work "
                        + "(decoding the items, rolling them up, building the report; %,d reports per scale after %d "
                        + "warm-ups).\n\n",
                small.scale().runs(), large.scale().runs(), FROM, TO, FROM, TO, GROUP_BY,
                small.motoMillis().count(), WARMUP_QUERIES, IN_PROCESS_REPORTS, IN_PROCESS_WARMUP));
        MarkdownTable table = MarkdownTable.aligned("rrrrrrrrr", "runs recorded", "items in the tenant's partition",
                "Query calls", "items read", "items evaluated", "bytes read", "report rows",
                "via moto p50 / p90 (ms)", "in process p50 / p90 (µs)");
        for (Result r : results) {
            table.row(String.format(Locale.ROOT, "%,d", r.scale().runs()),
                    String.format(Locale.ROOT, "%,d", r.scale().partitionItems()), r.reading().calls(),
                    String.format(Locale.ROOT, "%,d", r.reading().items()),
                    String.format(Locale.ROOT, "%,d", r.reading().scanned()),
                    String.format(Locale.ROOT, "%,d", r.reading().bytes()), r.rows(),
                    Samples.format(r.motoMillis().percentile(50)) + " / "
                            + Samples.format(r.motoMillis().percentile(90)),
                    Samples.format(r.inProcessMicros().percentile(50)) + " / "
                            + Samples.format(r.inProcessMicros().percentile(90)));
        }
        double itemsRatio = large.reading().items() / (double) small.reading().items();
        double bytesRatio = large.reading().bytes() / (double) Math.max(1, small.reading().bytes());
        double inProcessRatio = large.inProcessMicros().percentile(50) / small.inProcessMicros().percentile(50);
        double motoRatio = large.motoMillis().percentile(50) / small.motoMillis().percentile(50);
        table.row(String.format(Locale.ROOT, "ratio %,d ÷ %,d", large.scale().runs(), small.scale().runs()),
                ratio(large.scale().partitionItems() / (double) small.scale().partitionItems()),
                ratio(large.reading().calls() / (double) small.reading().calls()), "**" + ratio(itemsRatio) + "**",
                ratio(large.reading().scanned() / (double) small.reading().scanned()), ratio(bytesRatio),
                ratio(large.rows() / (double) small.rows()), ratio(motoRatio), "**" + ratio(inProcessRatio) + "**");
        out.append(table.render()).append('\n');
        out.append(String.format(Locale.ROOT, "Seeding took %.0f s for %,d runs and %.0f s for %,d runs.\n\n",
                small.scale().seedSeconds(), small.scale().runs(), large.scale().seedSeconds(), large.scale().runs()));

        boolean itemsFlat = itemsRatio <= RATIO_TARGET;
        boolean timeFlat = inProcessRatio <= RATIO_TARGET;
        out.append(String.format(Locale.ROOT, "**Reading** (target: flat, ratio ≤ %.1f): items read %s (× %s: the "
                        + "query reads one aggregate item per day and active combination, %,d of the %,d possible, "
                        + "never a run item), in-process query time %s (× %s). ",
                RATIO_TARGET, itemsFlat ? "**met**" : "**missed**", ratio(itemsRatio), large.reading().items(),
                30 * RECIPES.length * DEPARTMENTS.length, timeFlat ? "**met**" : "**missed**", ratio(inProcessRatio)));
        if (small.reading().items() < large.reading().items()) {
            out.append(String.format(Locale.ROOT, "The small tenant's read is smaller only because %,d of its "
                            + "(day, combination) cells had no run at all. ",
                    large.reading().items() - small.reading().items()));
        }
        out.append(String.format(Locale.ROOT, "Through moto the query took × %s as long. Those milliseconds are "
                        + "the emulator's: moto answers a Query by walking the table's items in Python (here %,d, both "
                        + "tenants share the table), where DynamoDB finds the sort-key range in the partition's index "
                        + "and charges for the bytes it returns: %,d bytes of JSON for the large tenant, well under "
                        + "one 1 MB page.%s\n",
                ratio(motoRatio), small.scale().partitionItems() + large.scale().partitionItems(),
                large.reading().bytes(), itemsFlat && timeFlat ? "" : " What it would take: see the cardinality "
                        + "notes in docs/ARCHITECTURE.md (Usage analytics)."));
        return out.toString();
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
