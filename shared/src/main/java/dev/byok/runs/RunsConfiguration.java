package dev.byok.runs;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Retention of run metadata ({@code BYOK_RUN_RETENTION_DAYS}) and of the daily usage aggregates, which outlive
 * run items so that older totals stay available after the runs themselves expire.
 */
@ConfigurationProperties("byok.runs")
public record RunsConfiguration(@Bindable(defaultValue = "90") int retentionDays,
                                @Bindable(defaultValue = "1100") int aggregateRetentionDays) {
    public RunsConfiguration {
        if (retentionDays < 1 || aggregateRetentionDays < retentionDays) {
            throw new IllegalArgumentException("retention must be at least a day, aggregates at least as long as runs");
        }
    }
}
