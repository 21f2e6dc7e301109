package dev.byok.usage;

import dev.byok.aws.TableConfiguration;
import dev.byok.runs.DynamoDbRunStore;
import dev.byok.runs.RunPage;
import dev.byok.runs.RunQueryService;
import dev.byok.runs.RunView;
import dev.byok.runs.RunsConfiguration;
import dev.byok.runs.SampleRun;
import dev.byok.settings.DynamoDbTenantSettingsRepository;
import dev.byok.settings.TenantSettings;
import dev.byok.settings.TenantTimeZones;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.WithLocalAws;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Days are calendar days in the tenant's zone, end to end over moto: the zone saved in the tenant's settings decides
 * the day a run is counted on, the usage rows per day, and the instants that {@code GET /runs?from&to} covers. Runs
 * sit a millisecond either side of local midnight, in a +05:30 zone, across both daylight-saving changes of New York
 * (23- and 25-hour days) and on a day whose midnight does not exist (Havana springs forward at 00:00). Each single
 * day's report must add up to the whole range's, and agree with the runs listed for that day.
 */
@WithLocalAws
class TenantLocalDaysTest {

    private record Setup(TenantId tenant, AuthenticatedPrincipal principal, UsageService usage,
                         RunQueryService runs, DynamoDbRunStore store, TenantTimeZones zones) {
    }

    private static Setup tenantIn(LocalAws aws, String zone) {
        TenantId tenant = new TenantId("t-" + UUID.randomUUID().toString().substring(0, 8));
        TableConfiguration table = new TableConfiguration(aws.resources().tableName());
        DynamoDbTenantSettingsRepository settings = new DynamoDbTenantSettingsRepository(aws.dynamoDb(), table);
        settings.save(tenant, new TenantSettings(zone));
        TenantTimeZones zones = new TenantTimeZones(settings);
        DynamoDbRunStore store = new DynamoDbRunStore(aws.dynamoDb(), table, new RunsConfiguration(90, 1100));
        return new Setup(tenant, new AuthenticatedPrincipal(tenant, "analyst"),
                new UsageService(new DynamoDbUsageAggregates(aws.dynamoDb(), table), zones),
                new RunQueryService(store, zones), store, zones);
    }

    /** Records a run at {@code instant}, counted on the day the tenant's zone gives it; returns that day. */
    private static LocalDate record(Setup setup, String instant, long cost) {
        Instant createdAt = Instant.parse(instant);
        LocalDate day = setup.zones().dayOf(setup.tenant(), createdAt);
        setup.store().record(setup.tenant(), SampleRun.at(createdAt).day(day).cost(cost).build());
        return day;
    }

    private static Map<String, Long> runsPerDay(UsageReport report) {
        Map<String, Long> days = new LinkedHashMap<>();
        report.rows().forEach(row -> days.put(row.day(), row.runs()));
        return days;
    }

    private static List<Object> counters(UsageRow row) {
        return List.of(row.runs(), row.succeeded(), row.failed(), row.inputTokens(), row.outputTokens(),
                row.cacheReadTokens(), row.cacheWriteTokens(), row.reasoningTokens(), row.unpricedRuns(),
                new BigDecimal(row.costUsd()).stripTrailingZeros());
    }

    private static List<Object> sum(List<UsageRow> rows) {
        long[] totals = new long[9];
        BigDecimal cost = BigDecimal.ZERO;
        for (UsageRow row : rows) {
            List<Object> values = counters(row);
            for (int i = 0; i < totals.length; i++) {
                totals[i] += (Long) values.get(i);
            }
            cost = cost.add(new BigDecimal(row.costUsd()));
        }
        List<Object> result = new ArrayList<>();
        for (long total : totals) {
            result.add(total);
        }
        result.add(cost.stripTrailingZeros());
        return result;
    }

    /** Single-day reports add up to the range's; each equals the runs listed for that day, which carry that day. */
    private static void assertDaysAddUp(Setup setup, String from, String to) {
        UsageReport whole = setup.usage().report(setup.principal(), from, to, null);
        List<UsageRow> singleDays = new ArrayList<>();
        for (LocalDate day = LocalDate.parse(from); !day.isAfter(LocalDate.parse(to)); day = day.plusDays(1)) {
            UsageRow totals = setup.usage().report(setup.principal(), day.toString(), day.toString(), null).totals();
            singleDays.add(totals);
            RunPage listed = setup.runs().list(setup.principal(), day.toString(), day.toString(), null, null, "200",
                    null);
            assertEquals(totals.runs(), listed.items().size(), "runs listed for " + day);
            for (RunView run : listed.items()) {
                assertEquals(day.toString(), run.day(), "a run listed for " + day + " was counted on " + run.day());
            }
        }
        assertEquals(counters(whole.totals()), sum(singleDays), "single days add up to " + from + ".." + to);
    }

    @Test
    void a_tenant_at_utc_plus_five_thirty_counts_runs_on_its_own_calendar_days(LocalAws aws) {
        Setup kolkata = tenantIn(aws, "Asia/Kolkata");
        assertEquals(LocalDate.parse("2026-11-09"), record(kolkata, "2026-11-09T18:29:59.999Z", 1_000));
        assertEquals(LocalDate.parse("2026-11-10"), record(kolkata, "2026-11-09T18:30:00.000Z", 2_000));
        assertEquals(LocalDate.parse("2026-11-10"), record(kolkata, "2026-11-10T18:29:59.999Z", 3_000));
        assertEquals(LocalDate.parse("2026-11-11"), record(kolkata, "2026-11-10T18:30:00.000Z", 4_000));

        UsageReport byDay = kolkata.usage().report(kolkata.principal(), "2026-11-09", "2026-11-11", "day");
        assertEquals("Asia/Kolkata", byDay.timezone());
        assertEquals(Map.of("2026-11-09", 1L, "2026-11-10", 2L, "2026-11-11", 1L), runsPerDay(byDay));
        assertEquals("0.000000005", byDay.rows().get(1).costUsd());
        assertDaysAddUp(kolkata, "2026-11-08", "2026-11-12");
    }

    @Test
    void a_tenant_in_new_york_counts_23_and_25_hour_days_across_daylight_saving_changes(LocalAws aws) {
        Setup newYork = tenantIn(aws, "America/New_York");
        // Spring forward on 2026-03-08: that day runs from 05:00Z to 04:00Z the next day (23 hours).
        assertEquals(LocalDate.parse("2026-03-07"), record(newYork, "2026-03-08T04:59:59.999Z", 1));
        assertEquals(LocalDate.parse("2026-03-08"), record(newYork, "2026-03-08T05:00:00.000Z", 10));
        assertEquals(LocalDate.parse("2026-03-08"), record(newYork, "2026-03-09T03:59:59.999Z", 100));
        assertEquals(LocalDate.parse("2026-03-09"), record(newYork, "2026-03-09T04:00:00.000Z", 1_000));
        // Fall back on 2026-11-01: that day runs from 04:00Z to 05:00Z the next day (25 hours), 01:30 happens twice.
        assertEquals(LocalDate.parse("2026-10-31"), record(newYork, "2026-11-01T03:59:59.999Z", 10_000));
        assertEquals(LocalDate.parse("2026-11-01"), record(newYork, "2026-11-01T04:00:00.000Z", 100_000));
        assertEquals(LocalDate.parse("2026-11-01"), record(newYork, "2026-11-01T05:30:00.000Z", 1_000_000));
        assertEquals(LocalDate.parse("2026-11-01"), record(newYork, "2026-11-01T06:30:00.000Z", 10_000_000));
        assertEquals(LocalDate.parse("2026-11-01"), record(newYork, "2026-11-02T04:59:59.999Z", 100_000_000));
        assertEquals(LocalDate.parse("2026-11-02"), record(newYork, "2026-11-02T05:00:00.000Z", 1_000_000_000));

        UsageReport spring = newYork.usage().report(newYork.principal(), "2026-03-07", "2026-03-09", "day");
        assertEquals(Map.of("2026-03-07", 1L, "2026-03-08", 2L, "2026-03-09", 1L), runsPerDay(spring));
        UsageReport autumn = newYork.usage().report(newYork.principal(), "2026-10-31", "2026-11-02", "day");
        assertEquals(Map.of("2026-10-31", 1L, "2026-11-01", 4L, "2026-11-02", 1L), runsPerDay(autumn));
        assertEquals("0.0001111", autumn.rows().get(1).costUsd());
        assertDaysAddUp(newYork, "2026-03-06", "2026-03-10");
        assertDaysAddUp(newYork, "2026-10-30", "2026-11-03");
        UsageReport year = newYork.usage().report(newYork.principal(), "2026-03-01", "2026-11-30", null);
        assertEquals(10, year.totals().runs());
        assertEquals("0.001111111111", year.totals().costUsd());
    }

    @Test
    void a_day_whose_midnight_never_happens_starts_at_its_first_instant(LocalAws aws) {
        Setup havana = tenantIn(aws, "America/Havana");
        // Havana springs forward at midnight on 2026-03-08: 00:00 local is skipped, the day starts at 01:00 (05:00Z).
        assertEquals(LocalDate.parse("2026-03-07"), record(havana, "2026-03-08T04:59:59.999Z", 1));
        assertEquals(LocalDate.parse("2026-03-08"), record(havana, "2026-03-08T05:00:00.000Z", 2));
        assertDaysAddUp(havana, "2026-03-06", "2026-03-09");
    }
}
