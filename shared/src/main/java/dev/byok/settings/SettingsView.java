package dev.byok.settings;

import io.micronaut.serde.annotation.Serdeable;

/** A tenant's settings as {@code GET|PUT /settings} show them. */
@Serdeable
public record SettingsView(String timezone) {
    static SettingsView of(TenantSettings settings) {
        return new SettingsView(settings.timezone());
    }
}
