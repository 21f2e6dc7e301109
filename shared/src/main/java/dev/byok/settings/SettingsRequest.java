package dev.byok.settings;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Body of {@code PUT /settings}; validated by {@link SettingsService}. */
@Serdeable
public record SettingsRequest(@Nullable String timezone) {
}
