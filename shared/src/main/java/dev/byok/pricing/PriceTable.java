package dev.byok.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.providers.ProviderKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The versioned price table shipped in the artifact ({@code pricing/price-table.json}, derived by
 * {@code tools/pricing/derive_price_table.py}). Costs are computed at write time and recorded with
 * {@link #version()}, so a later price change never rewrites history.
 */
public final class PriceTable {
    public static final String RESOURCE = "pricing/price-table.json";
    private static final BigDecimal PICO_PER_TOKEN_FACTOR = BigDecimal.valueOf(1_000_000);

    private final String version;
    private final Map<String, ModelPrice> prices;

    PriceTable(String version, Map<String, ModelPrice> prices) {
        this.version = version;
        this.prices = Map.copyOf(prices);
    }

    public static PriceTable load(ObjectMapper mapper) {
        try (InputStream in = PriceTable.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(mapper.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PriceTable parse(JsonNode root) {
        String version = root.path("version").asText(null);
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("price table has no version");
        }
        Map<String, ModelPrice> prices = new HashMap<>();
        root.path("models").fields().forEachRemaining(provider ->
                provider.getValue().fields().forEachRemaining(model -> {
                    JsonNode p = model.getValue();
                    ModelPrice price = new ModelPrice(decimal(p, "input"), decimal(p, "output"),
                            decimal(p, "cacheRead"), decimal(p, "cacheWrite"), decimal(p, "cacheWrite1h"));
                    prices.put(key(provider.getKey(), model.getKey()), price);
                }));
        return new PriceTable(version, prices);
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        BigDecimal perMillion = new BigDecimal(value.asText());
        if (perMillion.signum() < 0) {
            throw new IllegalStateException("negative price for " + field);
        }
        // Exactness guard: the price per token must be a whole number of picodollars.
        if (perMillion.multiply(PICO_PER_TOKEN_FACTOR).stripTrailingZeros().scale() > 0) {
            throw new IllegalStateException("price " + perMillion
                    + " per million is finer than a picodollar per token");
        }
        return perMillion;
    }

    private static String key(String provider, String model) {
        return provider + "\u0000" + model;
    }

    public String version() {
        return version;
    }

    public Optional<ModelPrice> priceOf(ProviderKind provider, String model) {
        return Optional.ofNullable(prices.get(key(provider.wireName(), model)));
    }

    /** Picodollars per token for a per-million price (exact: guarded at load time). */
    static java.math.BigInteger picoPerToken(BigDecimal perMillion) {
        return perMillion.multiply(PICO_PER_TOKEN_FACTOR).toBigIntegerExact();
    }
}
