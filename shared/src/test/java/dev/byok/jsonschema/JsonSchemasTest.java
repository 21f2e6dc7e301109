package dev.byok.jsonschema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.json.JacksonFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonSchemasTest {
    private final ObjectMapper mapper = JacksonFactory.create();
    private final JsonSchemas schemas = new JsonSchemas(mapper);

    private Map<String, Object> schema(String json) throws Exception {
        return mapper.readValue(json, Map.class);
    }

    @Test
    void lists_every_violation_by_location_and_rule_without_the_offending_values() throws Exception {
        Map<String, Object> schema = schema("{\"type\":\"object\",\"required\":[\"name\",\"age\"],\"properties\":"
                + "{\"name\":{\"type\":\"string\",\"maxLength\":5},\"age\":{\"type\":\"integer\",\"minimum\":18},"
                + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"additionalProperties\":false}");
        JsonNode input = mapper.readTree("{\"name\":\"SECRET-VALUE-123\",\"tags\":[\"a\",7],"
                + "\"CANARY-KEY\":\"CANARY-VALUE\"}");
        List<String> violations = schemas.violations(schema, input, "input");
        assertTrue(violations.contains("input.age is required"), violations.toString());
        assertTrue(violations.contains("input.name violates maxLength"), violations.toString());
        assertTrue(violations.contains("input.tags[1] violates type"), violations.toString());
        assertTrue(violations.contains("input violates additionalProperties"), violations.toString());
        String all = String.join("\n", violations);
        for (String secret : List.of("SECRET-VALUE", "CANARY-KEY", "CANARY-VALUE", "7")) {
            assertFalse(all.contains(secret), "no value or undeclared name: " + secret + " in " + all);
        }
    }

    @Test
    void keys_the_schema_does_not_declare_are_shown_as_a_star() throws Exception {
        Map<String, Object> schema = schema("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}");
        List<String> violations = schemas.violations(schema, mapper.readTree("{\"CANARY-NAME\":\"x\"}"), "input");
        assertEquals(List.of("input.* violates type"), violations);
    }

    @Test
    void a_valid_instance_has_no_violations() throws Exception {
        assertTrue(schemas.violations(schema("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"),
                mapper.readTree("{\"a\":\"x\",\"b\":1}"), "input").isEmpty());
    }

    @Test
    void a_schema_that_is_not_json_schema_or_references_a_remote_document_is_unusable() throws Exception {
        assertFalse(schemas.problemsOf(schema("{\"type\":\"banana\"}"), "inputSchema").isEmpty());
        assertFalse(schemas.problemsOf(schema("{\"type\":\"object\",\"properties\":{\"a\":"
                + "{\"$ref\":\"http://169.254.169.254/latest/meta-data/\"}}}"), "inputSchema").isEmpty());
        assertTrue(schemas.problemsOf(schema("{\"type\":\"object\",\"$defs\":{\"n\":{\"type\":\"integer\"}},"
                + "\"properties\":{\"a\":{\"$ref\":\"#/$defs/n\"}}}"), "inputSchema").isEmpty());
    }
}
