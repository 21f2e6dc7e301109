package dev.byok.usage;

import dev.byok.tenancy.TenantId;

import java.time.LocalDate;
import java.util.List;

/** Port: reads a tenant's daily aggregates. */
public interface UsageAggregates {
    /** Every aggregate item with {@code from <= day <= to} (tenant-local days). */
    List<DailyAggregate> read(TenantId tenant, LocalDate from, LocalDate to);
}
