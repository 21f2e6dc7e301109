package dev.byok.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.byok.pricing.Cost;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One row of a usage report: the grouped dimensions (only those asked for are set) and the counters.
 * {@code costUsd} is an exact decimal string; {@code unpricedRuns} counts runs whose cost is unknown (model not in
 * the price table, or no usage reported) and therefore not in {@code costUsd}.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageRow(@Nullable String recipeId, @Nullable String department, @Nullable String provider,
                       @Nullable String model, @Nullable String keyId, @Nullable String workflowId,
                       @Nullable String day, long runs, long succeeded, long failed, long inputTokens,
                       long outputTokens, long cacheReadTokens, long cacheWriteTokens, long reasoningTokens,
                       String costUsd, long unpricedRuns) {

    static UsageRow of(GroupKey key, AggregateCounters counters) {
        return new UsageRow(key.recipeId(), key.department(), key.provider(), key.model(), key.keyId(),
                key.workflowId(), key.day(), counters.runs(), counters.succeeded(), counters.failed(),
                counters.inputTokens(), counters.outputTokens(), counters.cacheReadTokens(),
                counters.cacheWriteTokens(), counters.reasoningTokens(), Cost.usdString(counters.costPicoUsd()),
                counters.unpricedRuns());
    }

    /** The values of the grouped dimensions; null for dimensions not grouped by. */
    record GroupKey(String recipeId, String department, String provider, String model, String keyId,
                    String workflowId, String day) {
    }
}
