package dev.byok.usage;

import dev.byok.tenancy.TenantId;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link UsageAggregates} in memory, for unit tests: one counter set per (tenant, day, dimensions), as stored. */
public class InMemoryUsageAggregates implements UsageAggregates {
    private record Key(String tenant, LocalDate day, AggregateDimensions dimensions) {
    }

    private final Map<Key, AggregateCounters> items = new ConcurrentHashMap<>();

    /** Adds counters to the day's item for these dimensions, as the run store's ADD does. */
    public void add(TenantId tenant, LocalDate day, AggregateDimensions dimensions, AggregateCounters counters) {
        items.merge(new Key(tenant.value(), day, dimensions), counters, AggregateCounters::plus);
    }

    @Override
    public List<DailyAggregate> read(TenantId tenant, LocalDate from, LocalDate to) {
        List<DailyAggregate> result = new ArrayList<>();
        items.forEach((key, counters) -> {
            if (key.tenant().equals(tenant.value()) && !key.day().isBefore(from) && !key.day().isAfter(to)) {
                result.add(new DailyAggregate(key.day(), key.dimensions(), counters));
            }
        });
        return result;
    }
}
