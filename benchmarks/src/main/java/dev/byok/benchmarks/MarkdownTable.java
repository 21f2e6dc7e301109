package dev.byok.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A GitHub-flavoured Markdown table: text columns left-aligned, figures right-aligned.
 */
public final class MarkdownTable {
    private final List<String> header;
    private final String alignment;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table whose first column is text and the others figures. */
    public MarkdownTable(String... header) {
        this(header, "l" + "r".repeat(Math.max(0, header.length - 1)));
    }

    private MarkdownTable(String[] header, String alignment) {
        if (!alignment.matches("[lr]*") || alignment.length() != header.length) {
            throw new IllegalArgumentException("alignment needs one l or r per column: " + alignment);
        }
        this.header = List.of(header);
        this.alignment = alignment;
    }

    /**
     * A table with one letter per column in {@code alignment}: {@code l} for text (left-aligned), {@code r} for
     * figures (right-aligned), e.g. {@code "lllrr"}.
     */
    public static MarkdownTable aligned(String alignment, String... header) {
        return new MarkdownTable(header, alignment);
    }

    /** A table whose columns are all left-aligned. */
    public static MarkdownTable leftAligned(String... header) {
        return new MarkdownTable(header, "l".repeat(header.length));
    }

    /** Adds a row; it must have as many cells as the header. Pipes inside cells are escaped. */
    public MarkdownTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + Arrays.toString(cells));
        }
        rows.add(Arrays.stream(cells).map(c -> String.valueOf(c).replace("|", "\\|")).toList());
        return this;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) {
            out.append(alignment.charAt(i) == 'l' ? "---|" : "---:|");
        }
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }
}
