package dev.byok.usage;

import dev.byok.error.RequestValidator;
import dev.byok.logging.LogContext;
import dev.byok.settings.TenantTimeZones;
import dev.byok.tenancy.AuthenticatedPrincipal;
import jakarta.inject.Singleton;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Usage and cost per recipe, department, model, provider, key, workflow and day, rolled up from the daily aggregate
 * items: the work done is proportional to days × active dimension combinations, never to the number of runs.
 */
@Singleton
public class UsageService {
    private final UsageAggregates aggregates;
    private final TenantTimeZones timeZones;

    public UsageService(UsageAggregates aggregates, TenantTimeZones timeZones) {
        this.aggregates = aggregates;
        this.timeZones = timeZones;
    }

    public UsageReport report(AuthenticatedPrincipal principal, String from, String to, String groupBy) {
        RequestValidator validator = new RequestValidator();
        LogContext.putTenant(principal.tenant());
        LocalDate fromDay = DayRange.parseDay(from, "from", validator);
        LocalDate toDay = DayRange.parseDay(to, "to", validator);
        List<UsageDimension> dimensions = parseGroupBy(groupBy, validator);
        DayRange.validate(fromDay, toDay, validator);
        validator.throwIfInvalid("The usage query is not valid.");

        Set<UsageDimension> grouped = dimensions.isEmpty() ? EnumSet.noneOf(UsageDimension.class)
                : EnumSet.copyOf(dimensions);
        Map<UsageRow.GroupKey, AggregateCounters> rows = new LinkedHashMap<>();
        AggregateCounters totals = AggregateCounters.ZERO;
        for (DailyAggregate aggregate : aggregates.read(principal.tenant(), fromDay, toDay)) {
            rows.merge(groupKey(aggregate, grouped), aggregate.counters(), AggregateCounters::plus);
            totals = totals.plus(aggregate.counters());
        }
        List<UsageRow> result = new ArrayList<>();
        rows.forEach((key, counters) -> result.add(UsageRow.of(key, counters)));
        result.sort(ROW_ORDER);
        return new UsageReport(fromDay.toString(), toDay.toString(), timeZones.zoneOf(principal.tenant()).getId(),
                dimensions.stream().map(UsageDimension::parameter).toList(), result,
                UsageRow.of(new UsageRow.GroupKey(null, null, null, null, null, null, null), totals));
    }

    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
    private static final Comparator<UsageRow> ROW_ORDER = Comparator.comparing(UsageRow::day, NULLS_FIRST)
            .thenComparing(UsageRow::recipeId, NULLS_FIRST).thenComparing(UsageRow::department, NULLS_FIRST)
            .thenComparing(UsageRow::provider, NULLS_FIRST).thenComparing(UsageRow::model, NULLS_FIRST)
            .thenComparing(UsageRow::keyId, NULLS_FIRST).thenComparing(UsageRow::workflowId, NULLS_FIRST);

    private static UsageRow.GroupKey groupKey(DailyAggregate aggregate, Set<UsageDimension> grouped) {
        AggregateDimensions d = aggregate.dimensions();
        return new UsageRow.GroupKey(
                grouped.contains(UsageDimension.RECIPE) ? d.recipeId() : null,
                grouped.contains(UsageDimension.DEPARTMENT) ? d.department() : null,
                grouped.contains(UsageDimension.PROVIDER) || grouped.contains(UsageDimension.MODEL)
                        ? d.provider() : null,
                grouped.contains(UsageDimension.MODEL) ? d.model() : null,
                grouped.contains(UsageDimension.KEY) ? d.keyId() : null,
                grouped.contains(UsageDimension.WORKFLOW) ? d.workflowId() : null,
                grouped.contains(UsageDimension.DAY) ? aggregate.day().toString() : null);
    }

    static List<UsageDimension> parseGroupBy(String value, RequestValidator validator) {
        List<UsageDimension> dimensions = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return dimensions;
        }
        for (String part : value.split(",", -1)) {
            Optional<UsageDimension> dimension = UsageDimension.fromParameter(part.strip());
            if (dimension.isEmpty()) {
                validator.require(false, "groupBy accepts: " + UsageDimension.allParameters());
                return dimensions;
            }
            if (!dimensions.contains(dimension.get())) {
                dimensions.add(dimension.get());
            }
        }
        return dimensions;
    }
}
