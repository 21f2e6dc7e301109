package dev.byok.keys;

import java.util.ArrayList;
import java.util.List;

/**
 * What an API key value must look like, wherever it comes from (a request body or a referenced secret): 8 to 4096
 * visible ASCII characters. Whitespace and control characters are refused because the value becomes an HTTP header.
 * Problems name the rule, never the value.
 */
public final class ApiKeyFormat {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 4096;
    /** Below this length the last 4 characters would give away too much of the key, so none are shown. */
    public static final int LAST4_MIN_LENGTH = 16;

    private ApiKeyFormat() {
    }

    /** Every rule {@code value} breaks, phrased for the field {@code field}; empty when the value is acceptable. */
    public static List<String> problems(String value, String field) {
        List<String> problems = new ArrayList<>();
        if (value == null || value.isEmpty()) {
            problems.add(field + " is required");
            return problems;
        }
        if (value.length() > MAX_LENGTH) {
            problems.add(field + " must be at most " + MAX_LENGTH + " characters");
        } else if (value.length() < MIN_LENGTH) {
            problems.add(field + " must be at least " + MIN_LENGTH + " characters");
        }
        if (!value.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
            problems.add(field + " must be visible ASCII characters with no spaces");
        }
        return problems;
    }

    /** The last 4 characters of a valid key, or null for a key too short to show any of it. */
    public static String last4(String value) {
        return value.length() < LAST4_MIN_LENGTH ? null : value.substring(value.length() - 4);
    }
}
