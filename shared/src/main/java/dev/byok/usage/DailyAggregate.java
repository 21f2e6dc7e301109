package dev.byok.usage;

import java.time.LocalDate;

/** One aggregate item: a day, a dimension combination and its counters. */
public record DailyAggregate(LocalDate day, AggregateDimensions dimensions, AggregateCounters counters) {
}
