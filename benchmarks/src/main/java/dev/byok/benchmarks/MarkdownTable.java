package dev.byok.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A GitHub-flavoured Markdown table: the leading text columns left-aligned, the rest right-aligned (they hold figures).
 */
public final class MarkdownTable {
    private final List<String> header;
    private final int textColumns;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table whose first column is text and the others figures. */
    public MarkdownTable(String... header) {
        this(1, header);
    }

    /** A table whose first {@code textColumns} columns are text and the others figures. */
    public MarkdownTable(int textColumns, String... header) {
        this.header = List.of(header);
        this.textColumns = textColumns;
    }

    /** A table whose columns are all left-aligned. */
    public static MarkdownTable leftAligned(String... header) {
        return new MarkdownTable(header.length, header);
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
            out.append(i < textColumns ? "---|" : "---:|");
        }
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }
}
