package dev.byok.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MarkdownTableTest {

    @Test
    void text_columns_align_left_and_figures_right_and_pipes_in_cells_are_escaped() {
        String table = MarkdownTable.aligned("llr", "name", "note", "ms").row("a", "x|y", 1.5).render();
        assertEquals("| name | note | ms |\n|---|---|---:|\n| a | x\\|y | 1.5 |\n", table);
        assertEquals("| a | b |\n|---|---:|\n", new MarkdownTable("a", "b").render());
    }

    @Test
    void a_row_must_fill_every_column_and_the_alignment_must_name_each() {
        assertThrows(IllegalArgumentException.class, () -> new MarkdownTable("a", "b").row("only one"));
        assertThrows(IllegalArgumentException.class, () -> MarkdownTable.aligned("l", "a", "b"));
    }
}
