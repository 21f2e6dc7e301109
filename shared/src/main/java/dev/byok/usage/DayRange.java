package dev.byok.usage;

import dev.byok.error.RequestValidator;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The rules for a {@code from}/{@code to} pair of calendar days, shared by {@code GET /usage} and {@code GET /runs}:
 * exactly {@code YYYY-MM-DD}, a real date, {@code from <= to}, and at most {@value #MAX_DAYS} days inclusive.
 */
public final class DayRange {
    public static final int MAX_DAYS = 366;
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private DayRange() {
    }

    /**
     * The day, or null (with the problem noted) when {@code value} is missing or not a real {@code YYYY-MM-DD} date.
     * Stricter than {@link LocalDate#parse}, which also takes signed and five-digit years.
     */
    public static LocalDate parseDay(String value, String name, RequestValidator validator) {
        if (value == null || value.isBlank()) {
            validator.require(false, name + " is required (YYYY-MM-DD)");
            return null;
        }
        if (!DAY.matcher(value).matches()) {
            validator.require(false, name + " must be a date as YYYY-MM-DD");
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            validator.require(false, name + " must be a date as YYYY-MM-DD");
            return null;
        }
    }

    /** Notes the problems of a range whose days both parsed; does nothing when either is null. */
    public static void validate(LocalDate from, LocalDate to, RequestValidator validator) {
        if (from == null || to == null) {
            return;
        }
        validator.require(!from.isAfter(to), "from must not be after to")
                .require(ChronoUnit.DAYS.between(from, to) < MAX_DAYS,
                        "the range must not exceed " + MAX_DAYS + " days");
    }
}
