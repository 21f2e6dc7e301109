package dev.byok.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.byok.json.JacksonFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputMappingTest {
    private static final ObjectMapper JSON = JacksonFactory.create();

    private static WorkflowStep step(String name, Map<String, Object> mapping) {
        return new WorkflowStep(name, "rcp_aaaaaaaaaaaaaaaaaaaa", null, null, mapping);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static Map<String, Object> mapping(Object... keysAndValues) {
        Map<String, Object> mapping = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            mapping.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return mapping;
    }

    @Test
    void a_reference_that_is_the_whole_value_keeps_its_json_type() throws Exception {
        JsonNode input = json("{\"order\": {\"id\": 1234, \"items\": [\"rake\", \"hoe\"], \"paid\": true}}");

        ObjectNode resolved = InputMapping.resolve(step("s", mapping("order", "{{input.order}}", "id",
                "{{input.order.id}}", "first", "{{input.order.items.0}}", "paid", "{{ input.order.paid }}")), input,
                Map.of(), JSON);

        assertEquals(input.get("order"), resolved.get("order"));
        assertTrue(resolved.get("id").isIntegralNumber());
        assertEquals(1234, resolved.get("id").asInt());
        assertEquals("rake", resolved.get("first").asText());
        assertTrue(resolved.get("paid").isBoolean());
    }

    @Test
    void references_inside_text_are_inserted_as_text_and_unicode_is_copied_exactly() throws Exception {
        String company = "Ääkkönen & Søn 🌱 株式会社 مرحبا e\u0301";
        JsonNode input = JSON.createObjectNode().put("company", company).set("tags",
                JSON.createArrayNode().add("ünï").add("😀"));

        ObjectNode resolved = InputMapping.resolve(step("s", mapping("greeting", "Dear {{input.company}}, re: "
                + "{{input.tags}} — “{{steps.draft.output}}”")), input, Map.of("draft", "Ça va? 👍\n\"quoted\""),
                JSON);

        assertEquals("Dear " + company + ", re: [\"ünï\",\"😀\"] — “Ça va? 👍\n\"quoted\"”",
                resolved.get("greeting").asText());
    }

    @Test
    void fields_of_a_json_output_are_read_by_path_including_unicode_names_and_array_indexes() {
        String output = "{\"summary\": \"Colis perdu 📦\", \"résumé\": {\"état\": \"ouvert\"}, "
                + "\"items\": [{\"sku\": \"A-1\"}, {\"sku\": \"B-2\"}], \"count\": 2}";

        ObjectNode resolved = InputMapping.resolve(step("reply", mapping("summary",
                "{{steps.extract.output.summary}}", "state", "{{steps.extract.output.résumé.état}}", "second",
                "{{steps.extract.output.items.1.sku}}", "count", "{{steps.extract.output.count}}", "whole",
                "{{steps.extract.output}}")), JSON.createObjectNode(), Map.of("extract", output), JSON);

        assertEquals("Colis perdu 📦", resolved.get("summary").asText());
        assertEquals("ouvert", resolved.get("state").asText());
        assertEquals("B-2", resolved.get("second").asText());
        assertEquals(2, resolved.get("count").asInt());
        assertEquals(output, resolved.get("whole").asText(), "the output itself is its text, unparsed");
    }

    @Test
    void nested_objects_and_arrays_of_a_mapping_are_mapped_member_by_member_and_literals_stay() throws Exception {
        ObjectNode resolved = InputMapping.resolve(step("s", mapping("customer", mapping("name", "{{input.name}}",
                        "tier", "gold"), "lines", List.of("{{input.name}}", 7, true), "limit", 3)),
                json("{\"name\": \"Zoë\"}"), Map.of(), JSON);

        assertEquals("{\"customer\":{\"name\":\"Zoë\",\"tier\":\"gold\"},\"lines\":[\"Zoë\",7,true],\"limit\":3}",
                resolved.toString());
    }

    @Test
    void without_a_mapping_a_step_gets_the_workflow_input_as_it_is() throws Exception {
        JsonNode input = json("{\"company\": \"Acme\", \"message\": \"hi\"}");

        assertEquals(input, InputMapping.resolve(step("s", null), input, Map.of(), JSON));
    }

    @Test
    void a_missing_value_fails_naming_the_step_and_every_missing_reference_but_no_value() throws Exception {
        String canary = "CANARY-" + System.nanoTime();
        JsonNode input = json("{\"present\": \"" + canary + "\", \"empty\": null}");

        WorkflowMappingException failure = assertThrows(WorkflowMappingException.class,
                () -> InputMapping.resolve(step("reply", mapping("a", "{{input.present}}", "b", "{{input.absent}}",
                        "c", "x {{input.empty}} y", "d", "{{steps.extract.output.missing}}")), input,
                        Map.of("extract", "{\"summary\": \"" + canary + "\"}"), JSON));

        assertEquals("invalid_input", failure.errorCode().code());
        assertTrue(failure.getMessage().contains("Step 'reply'"), failure.getMessage());
        assertEquals(List.of("step 'reply': {{input.absent}} has no value",
                "step 'reply': {{input.empty}} has no value",
                "step 'reply': {{steps.extract.output.missing}} has no value"), failure.errors());
        assertFalse(failure.getMessage().contains(canary));
        assertFalse(failure.errors().toString().contains(canary));
    }

    @Test
    void a_field_of_an_output_that_is_not_json_has_no_value() {
        for (String output : List.of("Sure! Here is the summary.", "{\"summary\": \"x\"} and some words",
                "```json\n{\"summary\": \"x\"}\n```")) {
            WorkflowMappingException failure = assertThrows(WorkflowMappingException.class,
                    () -> InputMapping.resolve(step("reply", mapping("s", "{{steps.extract.output.summary}}")),
                            JSON.createObjectNode(), Map.of("extract", output), JSON), output);
            assertEquals(List.of("step 'reply': {{steps.extract.output.summary}} has no value: the output of step "
                    + "'extract' is not JSON"), failure.errors());
        }
    }

    @Test
    void references_are_listed_in_order_and_anything_else_in_braces_is_a_problem() {
        List<String> problems = new ArrayList<>();

        List<InputMapping.Reference> references = InputMapping.references(mapping("a", "{{input.x}} and "
                        + "{{steps.first.output.y.0}}", "b", List.of("{{ input }}"), "c", "{{foo}}", "d",
                "{{steps.first}}", "e", "{{steps.first.output.}}"), "steps[1].input", problems);

        assertEquals(List.of("input.x", "steps.first.output.y.0", "input"),
                references.stream().map(InputMapping.Reference::expression).toList());
        assertEquals(List.of("steps[1].input.c has a {{...}} that is not a reference: use {{input.<field>}} or "
                        + "{{steps.<step name>.output[.<field>]}}",
                "steps[1].input.d has a {{...}} that is not a reference: use {{input.<field>}} or "
                        + "{{steps.<step name>.output[.<field>]}}",
                "steps[1].input.e has a {{...}} that is not a reference: use {{input.<field>}} or "
                        + "{{steps.<step name>.output[.<field>]}}"), problems);
    }

    @Test
    void the_steps_whose_output_is_read_later_are_known_from_the_definition() {
        List<WorkflowStep> steps = List.of(step("extract", null),
                step("reason", mapping("facts", "{{steps.extract.output.facts}}")),
                step("format", mapping("text", "{{steps.reason.output}}", "again", "{{steps.extract.output}}")),
                step("unused", mapping("x", "{{input.x}}")));

        assertEquals(Set.of("extract", "reason"), InputMapping.referencedSteps(steps));
    }

    @Test
    void the_values_read_from_the_workflow_input_are_checked_before_any_step_runs() throws Exception {
        List<WorkflowStep> steps = List.of(step("first", mapping("a", "{{input.company}}", "b", "{{input.message}}")),
                step("second", mapping("a", "{{input.company}}", "c", "{{steps.first.output.anything}}")));

        assertEquals(List.of("step 'first': {{input.message}} has no value"),
                InputMapping.missingInputValues(steps, json("{\"company\": \"Acme\"}")));
        assertEquals(List.of(), InputMapping.missingInputValues(steps,
                json("{\"company\": \"Acme\", \"message\": \"hello\"}")));
    }
}
