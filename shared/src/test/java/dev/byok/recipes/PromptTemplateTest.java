package dev.byok.recipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PromptTemplateTest {
    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode json(String text) throws Exception {
        return mapper.readTree(text);
    }

    @Test
    void substitutes_top_level_and_dotted_variables() throws Exception {
        String rendered = PromptTemplate.of("Hi {{name}}, your order {{order.id}} ships to {{ order.address.city }}.")
                .render(json("{\"name\":\"Ada\",\"order\":{\"id\":42,\"address\":{\"city\":\"Zürich\"}}}"));
        assertEquals("Hi Ada, your order 42 ships to Zürich.", rendered);
    }

    @Test
    void inserts_values_verbatim_without_html_escaping() throws Exception {
        String rendered = PromptTemplate.of("Q: {{q}}").render(json("{\"q\":\"<b>a & b</b> \\\"quoted\\\" 'x'\"}"));
        assertEquals("Q: <b>a & b</b> \"quoted\" 'x'", rendered);
    }

    @Test
    void leaves_literal_braces_that_are_not_variables_untouched() throws Exception {
        String source = "Answer as JSON like {\"a\": {\"b\": [1, 2]}} or {{ not a variable }} or {{}} for {{x}}.";
        String rendered = PromptTemplate.of(source).render(json("{\"x\":\"you\"}"));
        assertEquals("Answer as JSON like {\"a\": {\"b\": [1, 2]}} or {{ not a variable }} or {{}} for you.", rendered);
    }

    @Test
    void reports_every_missing_variable_once_in_order_of_appearance() throws Exception {
        PromptTemplate template = PromptTemplate.of("{{a}} {{b.c}} {{a}} {{d}} {{present}} {{nullish}}");
        assertEquals(java.util.List.of("a", "b.c", "d", "nullish"),
                template.missing(json("{\"present\":1,\"nullish\":null,\"b\":{}}")));
    }

    @Test
    void renders_objects_and_arrays_as_compact_json_and_indexes_arrays() throws Exception {
        String rendered = PromptTemplate.of("{{obj}} | {{list}} | {{list.1}}")
                .render(json("{\"obj\":{\"k\":\"v\"},\"list\":[\"x\",\"y\"]}"));
        assertEquals("{\"k\":\"v\"} | [\"x\",\"y\"] | y", rendered);
    }

    @Test
    void keeps_unicode_and_emoji_exact() throws Exception {
        String value = "naïve café 😀 中文 \u200d";
        String rendered = PromptTemplate.of("{{v}}").render(mapper.createObjectNode().put("v", value));
        assertEquals(value, rendered);
    }

    @Test
    void rendering_with_a_missing_value_fails_instead_of_leaving_the_placeholder() {
        assertThrows(IllegalArgumentException.class, () -> PromptTemplate.of("{{gone}}").render(json("{}")));
    }
}
