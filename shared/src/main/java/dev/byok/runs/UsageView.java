package dev.byok.runs;

import dev.byok.providers.TokenUsage;
import io.micronaut.serde.annotation.Serdeable;

/** Token usage as the API shows it (see {@link TokenUsage} for the meaning of each count). */
@Serdeable
public record UsageView(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                        long reasoningTokens) {
    public static UsageView of(TokenUsage usage) {
        return usage == null ? null : new UsageView(usage.inputTokens(), usage.outputTokens(), usage.cacheReadTokens(),
                usage.cacheWriteTokens(), usage.reasoningTokens());
    }
}
