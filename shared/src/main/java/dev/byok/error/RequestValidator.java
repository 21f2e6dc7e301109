package dev.byok.error;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every field problem of a request body before failing, so a caller fixes them all in one round trip.
 * Messages name the field and the rule, never the offending value (it could be a secret or prompt text).
 */
public final class RequestValidator {
    private final List<String> errors = new ArrayList<>();

    public RequestValidator require(boolean condition, String error) {
        if (!condition) {
            errors.add(error);
        }
        return this;
    }

    public RequestValidator requireText(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            errors.add(field + " is required");
        } else if (value.length() > maxLength) {
            errors.add(field + " must be at most " + maxLength + " characters");
        }
        return this;
    }

    /**
     * A required one-line name (a recipe's name or department): like {@link #requireText} but without control
     * characters, which would garble CSV exports, logs and terminals downstream.
     */
    public RequestValidator requireLine(String value, String field, int maxLength) {
        requireText(value, field, maxLength);
        if (value != null && !isOneLine(value)) {
            errors.add(field + " must not contain control characters");
        }
        return this;
    }

    /** No ISO control characters (line breaks, tabs, NUL, escape sequences) and no Unicode line separators. */
    public static boolean isOneLine(String value) {
        return value.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
    }

    public RequestValidator optionalText(String value, String field, int maxLength) {
        if (value != null && value.length() > maxLength) {
            errors.add(field + " must be at most " + maxLength + " characters");
        }
        return this;
    }

    public RequestValidator matches(String value, Pattern pattern, String field, String rule) {
        if (value != null && !pattern.matcher(value).matches()) {
            errors.add(field + " " + rule);
        }
        return this;
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Throws {@link InvalidRequestException} listing every problem, if any was found. */
    public void throwIfInvalid(String detail) {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(detail, errors);
        }
    }
}
