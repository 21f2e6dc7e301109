package dev.byok.usage;

import dev.byok.error.InvalidRequestException;
import dev.byok.settings.InMemoryTenantSettingsRepository;
import dev.byok.settings.TenantSettings;
import dev.byok.settings.TenantTimeZones;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Usage roll-ups and query validation, over in-memory aggregates. */
class UsageServiceTest {
    private static final TenantId ACME = new TenantId("acme");
    private static final AuthenticatedPrincipal ANALYST = new AuthenticatedPrincipal(ACME, "analyst");

    private final InMemoryUsageAggregates aggregates = new InMemoryUsageAggregates();
    private final InMemoryTenantSettingsRepository settings = new InMemoryTenantSettingsRepository();
    private final UsageService usage = new UsageService(aggregates, new TenantTimeZones(settings));

    private static AggregateCounters counters(long runs, long failed, long tokens, long picoUsd, long unpriced) {
        return new AggregateCounters(runs, runs - failed, failed, tokens, tokens / 2, tokens / 3, tokens / 5,
                tokens / 7, BigInteger.valueOf(picoUsd), unpriced);
    }

    private void seed() {
        String[] recipes = {"rcp_aaaaaaaaaaaaaaaaaaaa", "rcp_bbbbbbbbbbbbbbbbbbbb"};
        String[] departments = {"support", "sales, EMEA"};
        String[][] models = {{"anthropic", "claude-haiku-4-5"}, {"openai", "gpt-5-nano"}, {"openai", "gpt-5-mini"}};
        int n = 0;
        for (int day = 1; day <= 3; day++) {
            for (String recipe : recipes) {
                for (String department : departments) {
                    for (String[] model : models) {
                        n++;
                        String key = n % 2 == 0 ? "key_aaaaaaaaaaaaaaaaaaaa" : "key_bbbbbbbbbbbbbbbbbbbb";
                        String workflow = n % 3 == 0 ? "wfl_aaaaaaaaaaaaaaaaaaaa" : AggregateDimensions.NO_WORKFLOW;
                        aggregates.add(ACME, LocalDate.of(2026, 11, day), new AggregateDimensions(recipe, department,
                                model[0], model[1], key, workflow),
                                counters(n, n % 2, 100L * n + 7, 1_000_003L * n, n % 3 == 0 ? 1 : 0));
                    }
                }
            }
        }
    }

    private static List<Object> values(UsageRow row) {
        return List.of(row.runs(), row.succeeded(), row.failed(), row.inputTokens(), row.outputTokens(),
                row.cacheReadTokens(), row.cacheWriteTokens(), row.reasoningTokens(), row.unpricedRuns(),
                new BigDecimal(row.costUsd()).stripTrailingZeros());
    }

    private static List<Object> sum(List<UsageRow> rows) {
        long[] sums = new long[9];
        BigDecimal cost = BigDecimal.ZERO;
        for (UsageRow row : rows) {
            List<Object> v = values(row);
            for (int i = 0; i < sums.length; i++) {
                sums[i] += (Long) v.get(i);
            }
            cost = cost.add((BigDecimal) v.get(9));
        }
        List<Object> result = new ArrayList<>();
        for (long s : sums) {
            result.add(s);
        }
        result.add(cost.stripTrailingZeros());
        return result;
    }

    private static List<String> errorsOf(Runnable call) {
        return assertThrows(InvalidRequestException.class, call::run).errors();
    }

    @Test
    void every_group_by_combination_has_rows_that_add_up_to_the_totals() {
        seed();
        UsageDimension[] all = UsageDimension.values();
        UsageReport ungrouped = usage.report(ANALYST, "2026-11-01", "2026-11-30", null);
        for (int mask = 0; mask < 1 << all.length; mask++) {
            List<String> groupBy = new ArrayList<>();
            for (int i = 0; i < all.length; i++) {
                if ((mask & 1 << i) != 0) {
                    groupBy.add(all[i].parameter());
                }
            }
            UsageReport report = usage.report(ANALYST, "2026-11-01", "2026-11-30", String.join(",", groupBy));
            assertEquals(values(ungrouped.totals()), values(report.totals()), "totals for " + groupBy);
            assertEquals(values(report.totals()), sum(report.rows()), "rows add up for " + groupBy);
            Set<List<String>> keys = new HashSet<>();
            for (UsageRow row : report.rows()) {
                assertTrue(keys.add(java.util.Arrays.asList(row.day(), row.recipeId(), row.department(),
                        row.provider(), row.model(), row.keyId(), row.workflowId())), "one row per group");
            }
        }
    }

    @Test
    void grouping_by_model_names_the_provider_too_and_nothing_else() {
        seed();
        UsageReport report = usage.report(ANALYST, "2026-11-01", "2026-11-30", "model");
        assertEquals(3, report.rows().size());
        for (UsageRow row : report.rows()) {
            assertTrue(row.provider() != null && row.model() != null);
            assertNull(row.recipeId());
            assertNull(row.day());
        }
        assertEquals(List.of("model"), report.groupBy());
    }

    @Test
    void the_exact_cost_is_a_decimal_string_of_the_summed_picodollars() {
        aggregates.add(ACME, LocalDate.of(2026, 11, 1), new AggregateDimensions("rcp_aaaaaaaaaaaaaaaaaaaa", "x",
                "openai", "gpt-5-nano", "key_aaaaaaaaaaaaaaaaaaaa", "-"), counters(1, 0, 1, 5_000, 0));
        aggregates.add(ACME, LocalDate.of(2026, 11, 2), new AggregateDimensions("rcp_aaaaaaaaaaaaaaaaaaaa", "x",
                "openai", "gpt-5-nano", "key_aaaaaaaaaaaaaaaaaaaa", "-"), counters(1, 0, 1, 1, 0));
        assertEquals("0.000000005001", usage.report(ANALYST, "2026-11-01", "2026-11-02", "").totals().costUsd());
    }

    @Test
    void another_tenants_aggregates_are_never_read() {
        seed();
        UsageReport globex = usage.report(new AuthenticatedPrincipal(new TenantId("globex"), "x"), "2026-11-01",
                "2026-11-30", "recipe");
        assertTrue(globex.rows().isEmpty());
        assertEquals(0, globex.totals().runs());
        assertEquals("0", globex.totals().costUsd());
    }

    @Test
    void the_report_names_the_tenants_time_zone() {
        settings.save(ACME, new TenantSettings("Asia/Kolkata"));
        assertEquals("Asia/Kolkata", usage.report(ANALYST, "2026-11-01", "2026-11-01", null).timezone());
        assertEquals("UTC", usage.report(new AuthenticatedPrincipal(new TenantId("globex"), "x"), "2026-11-01",
                "2026-11-01", null).timezone());
    }

    @Test
    void malformed_dates_are_rejected() {
        for (String bad : new String[]{"2026-13-01", "2026-02-30", "2026-1-01", "+2026-01-01", "20261101",
                "2026-11-01T00:00", "+12026-01-01", " 2026-11-01", "yesterday"}) {
            List<String> errors = errorsOf(() -> usage.report(ANALYST, bad, "2026-11-30", null));
            assertEquals(List.of("from must be a date as YYYY-MM-DD"), errors, bad);
        }
        assertEquals(List.of("from is required (YYYY-MM-DD)", "to is required (YYYY-MM-DD)"),
                errorsOf(() -> usage.report(ANALYST, null, "", null)));
    }

    @Test
    void from_after_to_is_rejected() {
        assertEquals(List.of("from must not be after to"),
                errorsOf(() -> usage.report(ANALYST, "2026-11-02", "2026-11-01", null)));
    }

    @Test
    void a_range_may_span_366_days_and_no_more() {
        usage.report(ANALYST, "2024-01-01", "2024-12-31", null); // a leap year: 366 days
        assertEquals(List.of("the range must not exceed 366 days"),
                errorsOf(() -> usage.report(ANALYST, "2024-01-01", "2025-01-01", null)));
    }

    @Test
    void unknown_group_by_values_are_rejected_without_echoing_them() {
        for (String bad : new String[]{"recipe,colour<script>", "recipe,,day", "Recipe", "day,"}) {
            List<String> errors = errorsOf(() -> usage.report(ANALYST, "2026-11-01", "2026-11-30", bad));
            assertEquals(1, errors.size(), bad);
            assertTrue(errors.get(0).startsWith("groupBy accepts: recipe, department, model, provider, key, "
                    + "workflow, day"), errors.get(0));
            assertFalse(errors.get(0).contains("script"));
        }
    }

    @Test
    void every_problem_is_reported_at_once() {
        assertEquals(3, errorsOf(() -> usage.report(ANALYST, "2026-99-01", "11/30/2026", "colour")).size());
    }
}
