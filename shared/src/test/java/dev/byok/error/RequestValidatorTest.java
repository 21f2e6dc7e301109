package dev.byok.error;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestValidatorTest {
    @Test
    void one_line_names_refuse_control_characters_but_keep_unicode() {
        // Recipe names and departments with NUL, escape sequences or line breaks used to be stored and exported.
        for (String bad : List.of("a\u0000b", "\u001b[2J", "d\nx", "tab\there", "sep\u2028x")) {
            RequestValidator validator = new RequestValidator().requireLine(bad, "department", 100);
            assertEquals(List.of("department must not contain control characters"), validator.errors(), bad);
        }
        assertTrue(new RequestValidator().requireLine("Kundendienst – Zürich 🛠", "department", 100).errors().isEmpty());
    }

    @Test
    void every_problem_is_listed_once_and_values_are_never_echoed() {
        RequestValidator validator = new RequestValidator()
                .requireLine(null, "name", 10)
                .requireLine("x".repeat(11), "department", 10);
        InvalidRequestException failure = assertThrows(InvalidRequestException.class,
                () -> validator.throwIfInvalid("The recipe is not valid."));
        assertEquals(List.of("name is required", "department must be at most 10 characters"), failure.errors());
    }
}
