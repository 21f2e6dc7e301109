package dev.byok.usage;

import java.math.BigInteger;

/** The counters of one aggregate item (or of a roll-up of several). */
public record AggregateCounters(long runs, long succeeded, long failed, long inputTokens, long outputTokens,
                                long cacheReadTokens, long cacheWriteTokens, long reasoningTokens,
                                BigInteger costPicoUsd, long unpricedRuns) {
    public static final AggregateCounters ZERO = new AggregateCounters(0, 0, 0, 0, 0, 0, 0, 0, BigInteger.ZERO, 0);

    public AggregateCounters plus(AggregateCounters other) {
        return new AggregateCounters(runs + other.runs, succeeded + other.succeeded, failed + other.failed,
                inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cacheReadTokens + other.cacheReadTokens, cacheWriteTokens + other.cacheWriteTokens,
                reasoningTokens + other.reasoningTokens, costPicoUsd.add(other.costPicoUsd),
                unpricedRuns + other.unpricedRuns);
    }
}
