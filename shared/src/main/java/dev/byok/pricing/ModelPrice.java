package dev.byok.pricing;

import java.math.BigDecimal;

/**
 * One model's list prices in USD per million tokens. Missing cache prices fall back to the input price (providers
 * that do not discount cache reads or surcharge cache writes bill them as plain input).
 */
public record ModelPrice(BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite,
                         BigDecimal cacheWrite1h) {
    public ModelPrice {
        if (input == null || output == null) {
            throw new IllegalArgumentException("input and output prices are required");
        }
        cacheRead = cacheRead == null ? input : cacheRead;
        cacheWrite = cacheWrite == null ? input : cacheWrite;
        cacheWrite1h = cacheWrite1h == null ? cacheWrite : cacheWrite1h;
    }
}
