package dev.byok.usage;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.Map;

import static dev.byok.aws.ItemAttributes.bigNumber;
import static dev.byok.aws.ItemAttributes.number;
import static dev.byok.aws.ItemAttributes.string;

/**
 * Layout of aggregate items: {@code sk = AGG#<yyyy-MM-dd>#<dimensions hash>}, the dimensions as plain attributes
 * and one numeric attribute per counter, incremented with {@code ADD}. Written by the run store, read by usage.
 */
public final class AggregateItems {
    public static final String SK_PREFIX = "AGG#";
    public static final String[] COUNTERS = {"runs", "succeeded", "failed", "inputTokens", "outputTokens",
            "cacheReadTokens", "cacheWriteTokens", "reasoningTokens", "costPicoUsd", "unpricedRuns"};

    private AggregateItems() {
    }

    public static String sortKey(LocalDate day, AggregateDimensions dimensions) {
        return SK_PREFIX + day + "#" + dimensions.hash();
    }

    /** The first and past-the-last sort keys of a day range, for a BETWEEN condition. */
    public static String rangeStart(LocalDate from) {
        return SK_PREFIX + from + "#";
    }

    public static String rangeEnd(LocalDate to) {
        return SK_PREFIX + to + "#~";
    }

    public static DailyAggregate fromItem(Map<String, AttributeValue> item) {
        AggregateDimensions dimensions = new AggregateDimensions(string(item, "recipeId"), string(item, "department"),
                string(item, "provider"), string(item, "model"), string(item, "keyId"), string(item, "workflowId"));
        BigInteger cost = bigNumber(item, "costPicoUsd");
        AggregateCounters counters = new AggregateCounters(number(item, "runs"), number(item, "succeeded"),
                number(item, "failed"), number(item, "inputTokens"), number(item, "outputTokens"),
                number(item, "cacheReadTokens"), number(item, "cacheWriteTokens"), number(item, "reasoningTokens"),
                cost, number(item, "unpricedRuns"));
        return new DailyAggregate(LocalDate.parse(string(item, "day")), dimensions, counters);
    }
}
