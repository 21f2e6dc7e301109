package dev.byok.providers;

/**
 * Token usage normalised across providers. The four billed buckets are disjoint:
 * {@code inputTokens} (uncached input), {@code cacheReadTokens}, {@code cacheWriteTokens} and {@code outputTokens}
 * (every billed output token, reasoning included). {@code cacheWrite1hTokens} is the part of the cache writes made
 * with a one-hour TTL (Anthropic), {@code reasoningTokens} the part of the output spent on reasoning/thinking.
 */
public record TokenUsage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                         long cacheWrite1hTokens, long reasoningTokens) {
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0, 0);

    public TokenUsage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0
                || cacheWrite1hTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        if (cacheWrite1hTokens > cacheWriteTokens) {
            throw new IllegalArgumentException("1h cache writes are part of the cache writes");
        }
    }

    /** Larger than any real request; a provider reporting more is reporting nonsense. */
    static final long MAX_PLAUSIBLE_TOKENS = 10_000_000_000L;

    /**
     * Usage as a provider reported it, or null (usage unknown: the run is recorded as unpriced with usage missing)
     * when a count is negative or implausibly large. A malformed usage block must never fail a call that the
     * provider has already answered and billed. Sub-counts are capped by the counts they belong to.
     */
    public static TokenUsage reported(long inputTokens, long outputTokens, long cacheReadTokens,
                                      long cacheWriteTokens, long cacheWrite1hTokens, long reasoningTokens) {
        for (long count : new long[]{inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens,
                cacheWrite1hTokens, reasoningTokens}) {
            if (count < 0 || count > MAX_PLAUSIBLE_TOKENS) {
                return null;
            }
        }
        return new TokenUsage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens,
                Math.min(cacheWrite1hTokens, cacheWriteTokens), Math.min(reasoningTokens, outputTokens));
    }

    public static TokenUsage of(long inputTokens, long outputTokens) {
        return new TokenUsage(inputTokens, outputTokens, 0, 0, 0, 0);
    }
}
