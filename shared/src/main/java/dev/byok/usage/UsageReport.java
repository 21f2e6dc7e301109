package dev.byok.usage;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** Response of {@code GET /usage}: the range (tenant-local days, inclusive), the grouping, rows and totals. */
@Serdeable
public record UsageReport(String from, String to, String timezone, List<String> groupBy, List<UsageRow> rows,
                          UsageRow totals) {
}
