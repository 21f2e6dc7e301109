package dev.byok.pricing;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact cost. Held as whole picodollars (1e-12 USD): every price in the table is a whole number of picodollars
 * per token, so sums and DynamoDB {@code ADD} counters stay exact integers; shown as a plain decimal string in USD.
 */
public record Cost(BigInteger picoUsd, String priceTableVersion) {
    private static final int PICO_SCALE = 12;

    public static String usdString(BigInteger picoUsd) {
        BigDecimal usd = new BigDecimal(picoUsd, PICO_SCALE).stripTrailingZeros();
        return usd.signum() == 0 ? "0" : usd.toPlainString();
    }

    public String usd() {
        return usdString(picoUsd);
    }
}
