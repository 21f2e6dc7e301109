package dev.byok.usage;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A usage report as CSV (RFC 4180): a header row, one line per row of the report and a last line with the totals,
 * told apart by the first column, {@code rowType} ({@code row} or {@code totals}). Then the grouped dimensions in a
 * fixed order (day, recipeId, department, provider, model, keyId, workflowId; provider comes with model, as in the
 * JSON rows) and the counters in a fixed order; costs are the same exact decimal strings as in JSON.
 *
 * <p>Fields holding a comma, a quote or a line break are quoted, quotes doubled. A text value that a spreadsheet
 * would run as a formula (starting with {@code = + - @}, a tab or a carriage return, and longer than one character)
 * is written with a leading apostrophe: department names are free text typed by tenants' users.
 */
public final class UsageCsv {
    public static final String MEDIA_TYPE = "text/csv; charset=utf-8";
    private static final String LINE_END = "\r\n";

    private record Column(String name, Function<UsageRow, String> value, boolean text) {
    }

    private static final List<Column> COUNTERS = List.of(
            new Column("runs", row -> Long.toString(row.runs()), false),
            new Column("succeeded", row -> Long.toString(row.succeeded()), false),
            new Column("failed", row -> Long.toString(row.failed()), false),
            new Column("inputTokens", row -> Long.toString(row.inputTokens()), false),
            new Column("outputTokens", row -> Long.toString(row.outputTokens()), false),
            new Column("cacheReadTokens", row -> Long.toString(row.cacheReadTokens()), false),
            new Column("cacheWriteTokens", row -> Long.toString(row.cacheWriteTokens()), false),
            new Column("reasoningTokens", row -> Long.toString(row.reasoningTokens()), false),
            new Column("costUsd", UsageRow::costUsd, false),
            new Column("unpricedRuns", row -> Long.toString(row.unpricedRuns()), false));

    private UsageCsv() {
    }

    public static String render(UsageReport report) {
        List<Column> columns = new ArrayList<>(dimensionColumns(report.groupBy()));
        columns.addAll(COUNTERS);
        StringBuilder csv = new StringBuilder();
        csv.append("rowType");
        columns.forEach(column -> csv.append(',').append(column.name()));
        csv.append(LINE_END);
        report.rows().forEach(row -> line(csv, "row", row, columns));
        line(csv, "totals", report.totals(), columns);
        return csv.toString();
    }

    private static List<Column> dimensionColumns(List<String> groupBy) {
        Set<UsageDimension> grouped = EnumSet.noneOf(UsageDimension.class);
        groupBy.forEach(parameter -> UsageDimension.fromParameter(parameter).ifPresent(grouped::add));
        List<Column> columns = new ArrayList<>();
        if (grouped.contains(UsageDimension.DAY)) {
            columns.add(new Column("day", UsageRow::day, true));
        }
        if (grouped.contains(UsageDimension.RECIPE)) {
            columns.add(new Column("recipeId", UsageRow::recipeId, true));
        }
        if (grouped.contains(UsageDimension.DEPARTMENT)) {
            columns.add(new Column("department", UsageRow::department, true));
        }
        if (grouped.contains(UsageDimension.PROVIDER) || grouped.contains(UsageDimension.MODEL)) {
            columns.add(new Column("provider", UsageRow::provider, true));
        }
        if (grouped.contains(UsageDimension.MODEL)) {
            columns.add(new Column("model", UsageRow::model, true));
        }
        if (grouped.contains(UsageDimension.KEY)) {
            columns.add(new Column("keyId", UsageRow::keyId, true));
        }
        if (grouped.contains(UsageDimension.WORKFLOW)) {
            columns.add(new Column("workflowId", UsageRow::workflowId, true));
        }
        return columns;
    }

    private static void line(StringBuilder csv, String rowType, UsageRow row, List<Column> columns) {
        csv.append(rowType);
        for (Column column : columns) {
            String value = column.value().apply(row);
            csv.append(',').append(field(value == null ? "" : column.text() ? neutralised(value) : value));
        }
        csv.append(LINE_END);
    }

    static String neutralised(String value) {
        if (value.length() > 1 && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }

    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
