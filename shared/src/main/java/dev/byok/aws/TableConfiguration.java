package dev.byok.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/** The single DynamoDB table ({@code BYOK_TABLE_NAME}). Every item is partitioned by tenant; see TableKeys. */
@ConfigurationProperties("byok.table")
public record TableConfiguration(@Bindable(defaultValue = "byok") String name) {
    public TableConfiguration {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("byok.table.name must be set");
        }
    }
}
