package dev.byok.settings;

import java.time.ZoneId;
import java.time.ZoneOffset;

/** A tenant's settings. {@code timezone} is an IANA zone id; usage days are calendar days in it. */
public record TenantSettings(String timezone) {
    public static final TenantSettings DEFAULTS = new TenantSettings("UTC");

    public ZoneId zone() {
        return "UTC".equals(timezone) ? ZoneOffset.UTC : ZoneId.of(timezone);
    }
}
