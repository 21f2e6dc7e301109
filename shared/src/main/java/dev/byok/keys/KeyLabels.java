package dev.byok.keys;

import java.util.Locale;

/** Label rules: a tenant's labels are unique, compared without surrounding spaces and ignoring case. */
final class KeyLabels {
    static final int MAX_LENGTH = 100;

    private KeyLabels() {
    }

    /** The form labels are compared (and locked) in. */
    static String normalized(String label) {
        return label.strip().toLowerCase(Locale.ROOT);
    }

    static boolean hasControlCharacters(String label) {
        return label.chars().anyMatch(Character::isISOControl);
    }
}
