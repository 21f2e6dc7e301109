package dev.byok.usage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The CSV form of a usage report: RFC 4180 quoting, a fixed column order, the same values as the JSON rows. */
class UsageCsvTest {

    private static UsageRow row(String day, String department, String provider, String model, long runs,
                                String cost) {
        return new UsageRow(null, department, provider, model, null, null, day, runs, runs, 0, 10 * runs, 5 * runs,
                2 * runs, runs, runs / 2, cost, 0);
    }

    /** A strict RFC 4180 reader, so the test checks what a spreadsheet would see. */
    static List<List<String>> parse(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertEquals(0, field.length() + record.size(), "the document ends with a line break");
        return records;
    }

    @Test
    void a_report_becomes_a_header_its_rows_and_a_totals_line_in_a_fixed_column_order() {
        UsageReport report = new UsageReport("2026-11-01", "2026-11-02", "UTC", List.of("model", "day"),
                List.of(row("2026-11-01", null, "openai", "gpt-5-nano", 2, "0.000000005"),
                        row("2026-11-02", null, "anthropic", "claude-haiku-4-5", 1, "0.0123")),
                row(null, null, null, null, 3, "0.012300005"));

        assertEquals("rowType,day,provider,model,runs,succeeded,failed,inputTokens,outputTokens,cacheReadTokens,"
                        + "cacheWriteTokens,reasoningTokens,costUsd,unpricedRuns\r\n"
                        + "row,2026-11-01,openai,gpt-5-nano,2,2,0,20,10,4,2,1,0.000000005,0\r\n"
                        + "row,2026-11-02,anthropic,claude-haiku-4-5,1,1,0,10,5,2,1,0,0.0123,0\r\n"
                        + "totals,,,,3,3,0,30,15,6,3,1,0.012300005,0\r\n",
                UsageCsv.render(report));
    }

    @Test
    void department_names_with_commas_quotes_and_line_breaks_survive_a_round_trip() {
        List<String> departments = List.of("sales, EMEA", "the \"A\" team", "two\nlines", "cr\r\nlf", "plain");
        List<UsageRow> rows = new ArrayList<>();
        for (String department : departments) {
            rows.add(row(null, department, null, null, 1, "0.1"));
        }
        UsageReport report = new UsageReport("2026-11-01", "2026-11-01", "UTC", List.of("department"), rows,
                row(null, null, null, null, 5, "0.5"));

        List<List<String>> records = parse(UsageCsv.render(report));

        assertEquals(List.of("rowType", "department"), records.get(0).subList(0, 2));
        assertEquals(departments.size() + 2, records.size());
        for (int i = 0; i < departments.size(); i++) {
            assertEquals(departments.get(i), records.get(i + 1).get(1));
            assertEquals(records.get(0).size(), records.get(i + 1).size(), "every line has every column");
        }
        assertEquals(List.of("totals", "", "5"), records.get(records.size() - 1).subList(0, 3));
    }

    @Test
    void text_a_spreadsheet_would_run_as_a_formula_is_written_inert() {
        List<UsageRow> rows = new ArrayList<>();
        for (String department : List.of("=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "-", "a=b")) {
            rows.add(row(null, department, null, null, 1, "0.1"));
        }
        UsageReport report = new UsageReport("2026-11-01", "2026-11-01", "UTC", List.of("department"), rows,
                row(null, null, null, null, 6, "0.6"));

        List<List<String>> records = parse(UsageCsv.render(report));

        assertEquals(List.of("'=HYPERLINK(\"http://x\")", "'+1", "'-2+3", "'@SUM(A1)", "-", "a=b"),
                records.subList(1, 7).stream().map(r -> r.get(1)).toList());
    }

    @Test
    void an_ungrouped_report_has_only_the_counters() {
        UsageReport report = new UsageReport("2026-11-01", "2026-11-01", "UTC", List.of(), List.of(),
                row(null, null, null, null, 0, "0"));
        assertEquals(List.of(List.of("rowType", "runs", "succeeded", "failed", "inputTokens", "outputTokens",
                        "cacheReadTokens", "cacheWriteTokens", "reasoningTokens", "costUsd", "unpricedRuns"),
                List.of("totals", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0")),
                parse(UsageCsv.render(report)));
    }
}
