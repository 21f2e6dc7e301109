package dev.byok.pricing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.providers.ProviderKind;
import dev.byok.providers.TokenUsage;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CostCalculatorTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final CostCalculator calculator = new CostCalculator(mapper);

    @Test
    void prices_anthropic_usage_with_5_minute_and_1_hour_cache_writes_exactly() {
        // claude-sonnet-4-5: in 3, out 15, cache read 0.3, 5m write 3.75, 1h write 6 (USD per million)
        TokenUsage usage = new TokenUsage(1000, 500, 2000, 400, 100, 0);
        Cost cost = calculator.cost(ProviderKind.ANTHROPIC, "claude-sonnet-4-5", usage).orElseThrow();
        // 1000*3 + 500*15 + 2000*0.3 + 300*3.75 + 100*6 = 3000 + 7500 + 600 + 1125 + 600 = 12825 micro-USD
        assertEquals("0.012825", cost.usd());
        assertEquals(calculator.priceTableVersion(), cost.priceTableVersion());
    }

    @Test
    void keeps_sub_micro_dollar_costs_exact() {
        // gpt-5-nano input 0.05 per million: one token costs 0.00000005 USD
        Cost cost = calculator.cost(ProviderKind.OPENAI, "gpt-5-nano", TokenUsage.of(1, 0)).orElseThrow();
        assertEquals("0.00000005", cost.usd());
        assertEquals(BigInteger.valueOf(50_000), cost.picoUsd());
    }

    @Test
    void an_unknown_model_is_unpriced_not_free() {
        assertTrue(calculator.cost(ProviderKind.ANTHROPIC, "claude-unknown-9", TokenUsage.of(10, 10)).isEmpty());
        assertTrue(calculator.cost(ProviderKind.OPENAI_COMPATIBLE, "llama3", TokenUsage.of(10, 10)).isEmpty());
    }

    @Test
    void missing_cache_prices_fall_back_to_the_input_price() throws Exception {
        PriceTable table = PriceTable.parse(mapper.readTree(
                "{\"version\":\"t1\",\"models\":{\"openai\":{\"m\":{\"input\":\"2\",\"output\":\"8\"}}}}"));
        Cost cost = new CostCalculator(table).cost(ProviderKind.OPENAI, "m", new TokenUsage(1, 1, 1, 1, 0, 0))
                .orElseThrow();
        assertEquals("0.000014", cost.usd()); // 2 + 8 + 2 + 2 micro-USD
    }

    @Test
    void a_price_finer_than_a_picodollar_per_token_is_refused_at_load() {
        assertThrows(IllegalStateException.class, () -> PriceTable.parse(mapper.readTree(
                "{\"version\":\"t1\",\"models\":{\"openai\":{\"m\":{\"input\":\"0.0000001\",\"output\":\"1\"}}}}")));
    }

    @Test
    void the_shipped_table_has_a_version_and_the_documented_models() {
        PriceTable table = PriceTable.load(mapper);
        assertTrue(table.version().startsWith("2026-07-24"));
        assertTrue(table.priceOf(ProviderKind.GEMINI, "gemini-2.5-flash").isPresent());
        assertTrue(table.priceOf(ProviderKind.OPENAI, "gpt-4o-mini").isPresent());
        assertTrue(table.priceOf(ProviderKind.ANTHROPIC, "claude-haiku-4-5").isPresent());
    }

    @Test
    void prices_openai_usage_with_cached_input_at_the_cached_rate_and_reasoning_as_output() {
        // gpt-5: in 1.25, cached 0.125, out 10. The chat fixture's usage normalised: 512 uncached, 1536 cached,
        // 600 output (448 of them reasoning, already inside the output).
        Cost cost = calculator.cost(ProviderKind.OPENAI, "gpt-5", new TokenUsage(512, 600, 1536, 0, 0, 448))
                .orElseThrow();
        // 512*1.25 + 1536*0.125 + 600*10 = 640 + 192 + 6000 = 6832 micro-USD
        assertEquals("0.006832", cost.usd());
    }

    @Test
    void prices_gemini_thoughts_as_output_on_top_of_the_candidates() {
        // gemini-2.5-flash: in 0.3, cached 0.03, out 2.5. Fixture: 1024 uncached, 3072 cached, 120 + 900 output.
        Cost cost = calculator.cost(ProviderKind.GEMINI, "gemini-2.5-flash", new TokenUsage(1024, 1020, 3072, 0, 0,
                900)).orElseThrow();
        // 1024*0.3 + 3072*0.03 + 1020*2.5 = 307.2 + 92.16 + 2550 = 2949.36 micro-USD
        assertEquals("0.00294936", cost.usd());
    }

    @Test
    void every_price_in_the_shipped_table_is_a_whole_number_of_picodollars_per_token() {
        // PriceTable.load refuses anything finer; loading the shipped table is the guard.
        PriceTable table = PriceTable.load(mapper);
        for (String model : new String[] {"claude-opus-4-8", "claude-sonnet-4-5", "claude-haiku-4-5"}) {
            ModelPrice price = table.priceOf(ProviderKind.ANTHROPIC, model).orElseThrow();
            assertTrue(price.cacheWrite1h().compareTo(price.cacheWrite()) > 0, model + ": 1h writes cost more");
        }
    }

    @Test
    void zero_cost_prints_as_zero() {
        assertEquals("0", Cost.usdString(BigInteger.ZERO));
        assertEquals("1", Cost.usdString(BigInteger.TEN.pow(12)));
    }
}
