package dev.byok.ids;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdsTest {
    @Test
    void run_ids_sort_by_creation_time() {
        String earlier = Ids.runId(Instant.parse("2026-12-03T10:00:00.001Z"));
        String later = Ids.runId(Instant.parse("2026-12-03T10:00:00.002Z"));
        assertTrue(earlier.compareTo(later) < 0);
        assertTrue(Ids.looksLikeId(earlier));
    }

    @Test
    void ids_are_random_and_shaped() {
        assertNotEquals(Ids.keyId(), Ids.keyId());
        assertTrue(Ids.looksLikeId(Ids.recipeId()));
    }

    @Test
    void anything_else_is_not_an_id() {
        assertFalse(Ids.looksLikeId("../etc/passwd"));
        assertFalse(Ids.looksLikeId("key_<script>"));
        assertFalse(Ids.looksLikeId(null));
        assertFalse(Ids.looksLikeId("KEY#key_abcdefghijklmnopqrst"));
    }
}
