package dev.byok.pricing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.providers.ProviderKind;
import dev.byok.providers.TokenUsage;
import jakarta.inject.Singleton;

import java.math.BigInteger;
import java.util.Optional;

/**
 * Prices a run's usage: {@code input·uncached + cacheRead·reads + cacheWrite·(writes − 1h writes)
 * + cacheWrite1h·1h writes + output·output}. Empty when the model is not in the table: the run is recorded as
 * unpriced, never as free.
 */
@Singleton
public class CostCalculator {
    private final PriceTable table;

    public CostCalculator(ObjectMapper mapper) {
        this(PriceTable.load(mapper));
    }

    public CostCalculator(PriceTable table) {
        this.table = table;
    }

    public String priceTableVersion() {
        return table.version();
    }

    public Optional<Cost> cost(ProviderKind provider, String model, TokenUsage usage) {
        return table.priceOf(provider, model).map(price -> {
            long cacheWrite5m = usage.cacheWriteTokens() - usage.cacheWrite1hTokens();
            BigInteger pico = term(usage.inputTokens(), price.input())
                    .add(term(usage.cacheReadTokens(), price.cacheRead()))
                    .add(term(cacheWrite5m, price.cacheWrite()))
                    .add(term(usage.cacheWrite1hTokens(), price.cacheWrite1h()))
                    .add(term(usage.outputTokens(), price.output()));
            return new Cost(pico, table.version());
        });
    }

    private static BigInteger term(long tokens, java.math.BigDecimal perMillion) {
        return BigInteger.valueOf(tokens).multiply(PriceTable.picoPerToken(perMillion));
    }
}
