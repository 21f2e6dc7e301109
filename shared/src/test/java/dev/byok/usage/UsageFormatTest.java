package dev.byok.usage;

import dev.byok.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Content negotiation of {@code GET /usage}. */
class UsageFormatTest {

    @Test
    void json_is_the_default_and_the_answer_to_wildcards() {
        for (String accept : new String[]{null, "", "*/*", "application/json", "application/*",
                "APPLICATION/JSON; charset=utf-8", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "text/csv;q=0.5, application/json"}) {
            assertEquals(UsageFormat.JSON, UsageFormat.negotiate(accept), accept);
        }
    }

    @Test
    void csv_is_chosen_when_the_client_prefers_it() {
        for (String accept : new String[]{"text/csv", "text/*", "text/csv; charset=utf-8; header=present",
                "application/json;q=0.4, text/csv;q=0.5", "application/json;q=0, */*", "text/csv, */*;q=0.1"}) {
            assertEquals(UsageFormat.CSV, UsageFormat.negotiate(accept), accept);
        }
    }

    @Test
    void anything_else_is_not_acceptable() {
        for (String accept : new String[]{"text/plain", "application/xml", "text/csv;q=0", "image/*",
                "application/problem+json", "text/csv;q=abc", "nonsense"}) {
            NotAcceptableException e = assertThrows(NotAcceptableException.class,
                    () -> UsageFormat.negotiate(accept), accept);
            assertEquals(ErrorCode.NOT_ACCEPTABLE, e.errorCode());
        }
    }
}
