package dev.byok.settings;

import java.time.ZoneId;

/** A tenant's settings. {@code timezone} is an IANA zone id; usage days are calendar days in it. */
public record TenantSettings(String timezone) {
    public static final TenantSettings DEFAULTS = new TenantSettings("UTC");

    /** The zone; its id is the stored name ("UTC" stays "UTC", where {@code ZoneOffset.UTC} would say "Z"). */
    public ZoneId zone() {
        return ZoneId.of(timezone);
    }

    /**
     * Whether {@code value} names a zone of the IANA time zone database as this runtime knows it ("Europe/Berlin",
     * "Asia/Kolkata", "UTC"). Fixed offsets ("+05:30", "UTC+1") are refused: they have no daylight-saving rules, so
     * a tenant using one would silently count the wrong days for half of the year. The JDK's obsolete
     * {@code SystemV/*} ids are refused as well.
     */
    public static boolean isIanaZone(String value) {
        return value != null && !value.startsWith("SystemV/") && ZoneId.getAvailableZoneIds().contains(value);
    }
}
