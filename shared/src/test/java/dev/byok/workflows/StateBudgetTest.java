package dev.byok.workflows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.ids.Ids;
import dev.byok.json.JacksonFactory;
import dev.byok.runs.UsageView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateBudgetTest {
    private static final ObjectMapper JSON = JacksonFactory.create();

    private static WorkflowState state(List<WorkflowStep> steps, Map<String, Object> input) {
        return new WorkflowState("acme", Ids.workflowId(), Ids.workflowRunId(Instant.now()), steps, input, 0,
                steps.size(), Map.of(), null, List.of());
    }

    @Test
    void only_the_outputs_a_later_step_reads_and_the_last_output_count_towards_the_worst_case() {
        List<WorkflowStep> steps = List.of(
                new WorkflowStep("extract", "rcp_aaaaaaaaaaaaaaaaaaaa", null, null, null),
                new WorkflowStep("unread", "rcp_aaaaaaaaaaaaaaaaaaaa", null, null, null),
                new WorkflowStep("reply", "rcp_aaaaaaaaaaaaaaaaaaaa", null, null,
                        Map.of("facts", "{{steps.extract.output}}")));

        StateBudget.Estimate estimate = StateBudget.estimate(state(steps, Map.of()), List.of(100, 5000, 300), JSON);

        int perToken = WorkflowLimits.OUTPUT_BYTES_PER_TOKEN * WorkflowLimits.JSON_ESCAPE_FACTOR;
        assertEquals(100L * perToken + "extract".length() + 8 + 300L * perToken + "reply".length() + 8,
                estimate.outputBytes(), "the unread step's 5000 tokens never stay in the state");
        assertEquals(3L * StateBudget.STEP_REPORT_BYTES, estimate.metadataBytes());
        assertEquals(StateBudget.sizeOf(state(steps, Map.of()), JSON), estimate.initialBytes());
        assertEquals(estimate.initialBytes() + estimate.outputBytes() + estimate.metadataBytes()
                + StateBudget.OVERHEAD_BYTES, estimate.totalBytes());
    }

    @Test
    void non_ascii_text_is_counted_as_its_json_escapes_which_is_never_less_than_its_utf8_bytes() {
        String text = "株式会社🌱";
        long ascii = StateBudget.sizeOf(Map.of("t", "a".repeat(text.length())), JSON);

        long escaped = StateBudget.sizeOf(Map.of("t", text), JSON);

        // 4 BMP characters as \\uXXXX (6 bytes each) and the emoji as a surrogate pair (12 bytes).
        assertEquals(ascii - text.length() + 4 * 6 + 12, escaped);
        assertTrue(escaped >= ascii - text.length() + text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @Test
    void the_metadata_of_a_step_with_the_longest_names_stays_within_its_budget() {
        WorkflowStepReport report = new WorkflowStepReport("s".repeat(64), Ids.recipeId(), "invalid_output",
                Ids.runId(Instant.now()), "openai-compatible", "m".repeat(200),
                new UsageView(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE),
                "12345678901234567890.123456789012", Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE,
                "provider_content_filtered");

        long bytes = StateBudget.sizeOf(report, JSON) + 1;

        assertTrue(bytes <= StateBudget.STEP_REPORT_BYTES, bytes + " bytes");
    }
}
