package dev.byok.runs;

import dev.byok.aws.TableConfiguration;
import dev.byok.ids.Ids;
import dev.byok.providers.TokenUsage;
import dev.byok.tenancy.TenantId;
import dev.byok.usage.AggregateCounters;
import dev.byok.usage.AggregateDimensions;
import dev.byok.usage.AggregateItems;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.byok.aws.ItemAttributes.EXPIRES_AT;
import static dev.byok.aws.ItemAttributes.PK;
import static dev.byok.aws.ItemAttributes.SK;
import static dev.byok.aws.ItemAttributes.TYPE;
import static dev.byok.aws.ItemAttributes.bool;
import static dev.byok.aws.ItemAttributes.flag;
import static dev.byok.aws.ItemAttributes.instant;
import static dev.byok.aws.ItemAttributes.n;
import static dev.byok.aws.ItemAttributes.number;
import static dev.byok.aws.ItemAttributes.putIfPresent;
import static dev.byok.aws.ItemAttributes.s;
import static dev.byok.aws.ItemAttributes.string;

/**
 * Run metadata and usage aggregates on the single table. One {@code TransactWriteItems} per run: the run item
 * ({@code sk = RUN#<created, ms precision>#<runId>}, put only if absent, so a repeated write records nothing) and
 * the day's aggregate item for the run's dimensions (counters incremented with {@code ADD}) and, when a succeeded run
 * holds an idempotency key, its claim marked completed ({@link DynamoDbIdempotencyRecords#completion}). All carry a
 * TTL; the aggregates' is longer.
 */
@Singleton
public class DynamoDbRunStore implements RunRecorder, RunHistory {
    public static final String SK_PREFIX = "RUN#";
    /** Items one {@code GET /runs} request may evaluate when a filter skips runs: bounds its cost, not its result. */
    static final int MAX_EVALUATED_PER_PAGE = 1_000;
    private static final int FILTERED_READ_STEP = 100;
    static final int MAX_WRITE_ATTEMPTS = 5;
    private static final long BASE_BACKOFF_MS = 10;
    private static final long MAX_BACKOFF_MS = 100;
    private static final Set<String> CONTENTION_CODES =
            Set.of("TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded");
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbRunStore.class);
    private static final DateTimeFormatter SORTABLE_INSTANT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;
    private final RunsConfiguration configuration;
    private final int maxEvaluatedPerPage;

    public DynamoDbRunStore(DynamoDbClient dynamo, TableConfiguration table, RunsConfiguration configuration) {
        this(dynamo, table, configuration, MAX_EVALUATED_PER_PAGE);
    }

    DynamoDbRunStore(DynamoDbClient dynamo, TableConfiguration table, RunsConfiguration configuration,
                     int maxEvaluatedPerPage) {
        this.dynamo = dynamo;
        this.table = table.name();
        this.configuration = configuration;
        this.maxEvaluatedPerPage = maxEvaluatedPerPage;
    }

    /** The run item's sort key; fixed-width timestamps so that string order is time order. */
    public static String sortKey(Instant createdAt, String runId) {
        return SK_PREFIX + SORTABLE_INSTANT.format(createdAt) + "#" + runId;
    }

    public static String sortKeyBound(Instant instant) {
        return SK_PREFIX + SORTABLE_INSTANT.format(instant);
    }

    @Override
    public boolean record(TenantId tenant, RunRecord run) {
        Put put = Put.builder().tableName(table).item(runItem(tenant, run))
                .conditionExpression("attribute_not_exists(pk)").build();
        Update update = aggregateUpdate(tenant, run);
        List<TransactWriteItem> items = new ArrayList<>(List.of(TransactWriteItem.builder().put(put).build(),
                TransactWriteItem.builder().update(update).build()));
        if (run.idempotencyKey() != null) {
            // Third item: the run's claim on its idempotency key turns completed, if the run still holds it.
            items.add(TransactWriteItem.builder().update(DynamoDbIdempotencyRecords.completion(table, tenant, run,
                    configuration.retentionDays())).build());
        }
        try {
            writeRetryingConflicts(items);
            return true;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (failedCondition(reasons, 0)) {
                return false;
            }
            if (run.idempotencyKey() != null && failedCondition(reasons, 2)) {
                // The run outlived its hold on the key and another run took it. This run was still spent: record
                // it, without the claim, so that usage and cost stay complete.
                LOG.warn("run recorded without its idempotency claim: the hold lapsed before the run finished");
                writeRetryingConflicts(items.subList(0, 2));
                return true;
            }
            throw e;
        }
    }

    private static boolean failedCondition(List<CancellationReason> reasons, int index) {
        return reasons != null && reasons.size() > index
                && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    /**
     * Writes a transaction, trying again (a few times, with jittered backoff) when DynamoDB cancels it only because
     * another transaction held one of its items: concurrent runs of one recipe, department and model all add to the
     * same aggregate item, and the SDK does not retry such cancellations itself. A cancelled transaction wrote
     * nothing, so writing it again cannot count twice; a failed condition is never retried.
     */
    private void writeRetryingConflicts(List<TransactWriteItem> items) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(request -> request.transactItems(items));
                return;
            } catch (TransactionCanceledException e) {
                if (attempt >= MAX_WRITE_ATTEMPTS || !onlyContention(e.cancellationReasons())) {
                    throw e;
                }
                LOG.info("run write cancelled by a concurrent transaction; retrying: attempt={}", attempt);
                pause(attempt, e);
            }
        }
    }

    private static boolean onlyContention(List<CancellationReason> reasons) {
        boolean contention = false;
        for (CancellationReason reason : reasons) {
            String code = reason.code();
            if ("ConditionalCheckFailed".equals(code)) {
                return false;
            }
            contention |= CONTENTION_CODES.contains(code);
        }
        return contention;
    }

    private static void pause(int attempt, TransactionCanceledException cause) {
        long ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS << (attempt - 1));
        try {
            Thread.sleep(1 + Ids.secureRandom().nextLong(ceiling));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }

    /**
     * The run item exactly as {@link #record} puts it. Public so that the benchmarks can seed many runs with
     * {@code BatchWriteItem} in the real layout; the application writes runs only through {@link #record}.
     */
    public Map<String, AttributeValue> runItem(TenantId tenant, RunRecord run) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(tenant.partitionKey()));
        item.put(SK, s(sortKey(run.createdAt(), run.runId())));
        item.put(TYPE, s("RUN"));
        item.put("runId", s(run.runId()));
        item.put("recipeId", s(run.recipeId()));
        item.put("recipeVersion", n(run.recipeVersion()));
        item.put("department", s(run.department()));
        item.put("provider", s(run.provider()));
        item.put("model", s(run.model()));
        item.put("keyId", s(run.keyId()));
        item.put("status", s(run.status().wireName()));
        putIfPresent(item, "errorCode", run.errorCode());
        TokenUsage usage = run.usage();
        item.put("usageMissing", bool(usage == null));
        TokenUsage counted = usage == null ? TokenUsage.NONE : usage;
        item.put("inputTokens", n(counted.inputTokens()));
        item.put("outputTokens", n(counted.outputTokens()));
        item.put("cacheReadTokens", n(counted.cacheReadTokens()));
        item.put("cacheWriteTokens", n(counted.cacheWriteTokens()));
        item.put("cacheWrite1hTokens", n(counted.cacheWrite1hTokens()));
        item.put("reasoningTokens", n(counted.reasoningTokens()));
        if (run.costPicoUsd() != null) {
            item.put("costPicoUsd", n(run.costPicoUsd().toString()));
        }
        item.put("priceTableVersion", s(run.priceTableVersion()));
        item.put("latencyMs", n(run.latencyMs()));
        item.put("providerLatencyMs", n(run.providerLatencyMs()));
        item.put("attempts", n(run.attempts()));
        putIfPresent(item, "providerRequestId", run.providerRequestId());
        item.put("createdAt", s(run.createdAt().toString()));
        item.put("day", s(run.day().toString()));
        putIfPresent(item, "workflowId", run.workflowId());
        putIfPresent(item, "workflowRunId", run.workflowRunId());
        putIfPresent(item, "stepName", run.stepName());
        putIfPresent(item, "idempotencyKey", run.idempotencyKey());
        item.put(EXPIRES_AT, n(run.createdAt().plus(configuration.retentionDays(), ChronoUnit.DAYS).getEpochSecond()));
        return item;
    }

    /** What every write of a (day, dimensions) aggregate sets: its type, dimensions and expiry. */
    private Map<String, AttributeValue> aggregateAttributes(LocalDate day, AggregateDimensions dimensions) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        attributes.put(TYPE, s("AGG"));
        attributes.put("day", s(day.toString()));
        attributes.put("recipeId", s(dimensions.recipeId()));
        attributes.put("department", s(dimensions.department()));
        attributes.put("provider", s(dimensions.provider()));
        attributes.put("model", s(dimensions.model()));
        attributes.put("keyId", s(dimensions.keyId()));
        attributes.put("workflowId", s(dimensions.workflowId()));
        attributes.put(EXPIRES_AT, n(day.plusDays(configuration.aggregateRetentionDays())
                .atStartOfDay(ZoneOffset.UTC).toEpochSecond()));
        return attributes;
    }

    /**
     * The aggregate item exactly as {@link #record}'s {@code ADD}s leave it once runs adding up to {@code counters}
     * were recorded for that day and those dimensions. Public so that the benchmarks can seed the aggregates of many
     * runs in the real layout ({@code RunStoreAggregatesTest} checks that it matches).
     */
    public Map<String, AttributeValue> aggregateItem(TenantId tenant, LocalDate day, AggregateDimensions dimensions,
                                                     AggregateCounters counters) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(PK, s(tenant.partitionKey()));
        item.put(SK, s(AggregateItems.sortKey(day, dimensions)));
        item.putAll(aggregateAttributes(day, dimensions));
        long[] values = {counters.runs(), counters.succeeded(), counters.failed(), counters.inputTokens(),
                counters.outputTokens(), counters.cacheReadTokens(), counters.cacheWriteTokens(),
                counters.reasoningTokens(), 0, counters.unpricedRuns()};
        for (int i = 0; i < AggregateItems.COUNTERS.length; i++) {
            String counter = AggregateItems.COUNTERS[i];
            item.put(counter, counter.equals("costPicoUsd") ? n(counters.costPicoUsd().toString()) : n(values[i]));
        }
        return item;
    }

    private Update aggregateUpdate(TenantId tenant, RunRecord run) {
        AggregateDimensions dimensions = dimensionsOf(run);
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        aggregateAttributes(run.day(), dimensions).forEach((attribute, value) ->
                set(sets, names, values, attribute, value));

        TokenUsage usage = run.usage() == null ? TokenUsage.NONE : run.usage();
        boolean succeeded = run.status() == RunStatus.SUCCEEDED;
        long[] increments = {1, succeeded ? 1 : 0, succeeded ? 0 : 1, usage.inputTokens(), usage.outputTokens(),
                usage.cacheReadTokens(), usage.cacheWriteTokens(), usage.reasoningTokens(), 0,
                run.costPicoUsd() == null ? 1 : 0};
        List<String> adds = new ArrayList<>();
        for (int i = 0; i < AggregateItems.COUNTERS.length; i++) {
            String counter = AggregateItems.COUNTERS[i];
            AttributeValue amount = counter.equals("costPicoUsd")
                    ? n((run.costPicoUsd() == null ? BigInteger.ZERO : run.costPicoUsd()).toString())
                    : n(increments[i]);
            String name = "#c" + i;
            names.put(name, counter);
            values.put(":c" + i, amount);
            adds.add(name + " :c" + i);
        }
        return Update.builder().tableName(table)
                .key(Map.of(PK, s(tenant.partitionKey()), SK, s(AggregateItems.sortKey(run.day(), dimensions))))
                .updateExpression("SET " + String.join(", ", sets) + " ADD " + String.join(", ", adds))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    private static void set(List<String> sets, Map<String, String> names, Map<String, AttributeValue> values,
                            String attribute, AttributeValue value) {
        String index = Integer.toString(sets.size());
        names.put("#s" + index, attribute);
        values.put(":s" + index, value);
        sets.add("#s" + index + " = :s" + index);
    }

    static AggregateDimensions dimensionsOf(RunRecord run) {
        return new AggregateDimensions(run.recipeId(), run.department(), run.provider(), run.model(), run.keyId(),
                run.workflowId() == null ? AggregateDimensions.NO_WORKFLOW : run.workflowId());
    }

    @Override
    public Page list(TenantId tenant, Instant from, Instant to, String recipeId, RunStatus status, int limit,
                     String afterSortKey) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s(tenant.partitionKey()));
        values.put(":from", s(sortKeyBound(from)));
        values.put(":to", s(sortKeyBound(to)));
        Map<String, String> names = new HashMap<>();
        List<String> filters = new ArrayList<>();
        if (recipeId != null) {
            filters.add("recipeId = :recipeId");
            values.put(":recipeId", s(recipeId));
        }
        if (status != null) {
            names.put("#status", "status");
            filters.add("#status = :status");
            values.put(":status", s(status.wireName()));
        }
        List<RunRecord> runs = new ArrayList<>();
        Map<String, AttributeValue> startKey = afterSortKey == null ? null
                : Map.of(PK, s(tenant.partitionKey()), SK, s(afterSortKey));
        String resumeAfter = null;
        int evaluated = 0;
        // Without a filter every item read is returned, so reading `limit` items fills the page. A filter can skip
        // items: read on in larger steps, but never evaluate more than maxEvaluatedPerPage items per request;
        // the page is then short (even empty) and the cursor continues after the last item evaluated.
        while (true) {
            int wanted = limit - runs.size();
            int readLimit = filters.isEmpty() ? wanted
                    : Math.min(maxEvaluatedPerPage - evaluated, Math.max(wanted, FILTERED_READ_STEP));
            QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(values)
                    .scanIndexForward(false)
                    .limit(readLimit)
                    .exclusiveStartKey(startKey);
            if (!filters.isEmpty()) {
                query.filterExpression(String.join(" AND ", filters));
            }
            if (!names.isEmpty()) {
                query.expressionAttributeNames(names);
            }
            QueryResponse response = dynamo.query(query.build());
            evaluated += response.scannedCount() == null ? response.items().size() : response.scannedCount();
            for (Map<String, AttributeValue> item : response.items()) {
                if (runs.size() == limit) {
                    return new Page(runs, resumeAfter); // the page filled up before this response's items ran out
                }
                runs.add(fromItem(item));
                resumeAfter = string(item, SK);
            }
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                return new Page(runs, null);
            }
            startKey = response.lastEvaluatedKey();
            resumeAfter = string(startKey, SK);
            if (runs.size() == limit || evaluated >= maxEvaluatedPerPage) {
                return new Page(runs, resumeAfter);
            }
        }
    }

    static RunRecord fromItem(Map<String, AttributeValue> item) {
        TokenUsage usage = flag(item, "usageMissing") ? null : new TokenUsage(number(item, "inputTokens"),
                number(item, "outputTokens"), number(item, "cacheReadTokens"), number(item, "cacheWriteTokens"),
                number(item, "cacheWrite1hTokens"), number(item, "reasoningTokens"));
        AttributeValue cost = item.get("costPicoUsd");
        return new RunRecord(string(item, "runId"), string(item, "recipeId"), (int) number(item, "recipeVersion"),
                string(item, "department"), string(item, "provider"), string(item, "model"), string(item, "keyId"),
                RunStatus.fromWireName(string(item, "status")).orElse(RunStatus.FAILED), string(item, "errorCode"),
                usage, cost == null ? null : new BigInteger(cost.n()), string(item, "priceTableVersion"),
                number(item, "latencyMs"), number(item, "providerLatencyMs"), (int) number(item, "attempts"),
                string(item, "providerRequestId"), instant(item, "createdAt"), LocalDate.parse(string(item, "day")),
                string(item, "workflowId"), string(item, "workflowRunId"), string(item, "stepName"),
                string(item, "idempotencyKey"));
    }
}
