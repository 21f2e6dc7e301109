package dev.byok.providers;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructuredOutputSchemasTest {
    private static JsonNode json(String text) throws Exception {
        return Adapters.MAPPER.readTree(text);
    }

    @Test
    void nested_objects_are_closed_and_one_of_becomes_any_of_for_anthropic_and_openai() throws Exception {
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"object\",\"properties\":"
                + "{\"b\":{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}},\"required\":[\"b\"]}},"
                + "\"required\":[\"a\"],\"$schema\":\"https://json-schema.org/draft/2020-12/schema\"}");
        for (StructuredOutputSchemas.Dialect dialect : new StructuredOutputSchemas.Dialect[] {
                StructuredOutputSchemas.Dialect.ANTHROPIC, StructuredOutputSchemas.Dialect.OPENAI}) {
            JsonNode translated = StructuredOutputSchemas.translate(schema, dialect);
            JsonNode a = translated.path("properties").path("a");
            assertFalse(a.path("additionalProperties").asBoolean(true), dialect.name());
            assertEquals(2, a.path("properties").path("b").path("anyOf").size(), dialect.name());
            assertFalse(translated.has("$schema"), dialect.name());
        }
        assertTrue(schema.path("properties").path("a").path("properties").path("b").has("oneOf"),
                "the recipe's own schema is untouched");
    }

    @Test
    void a_property_named_like_a_keyword_is_kept_as_a_property() throws Exception {
        JsonNode translated = StructuredOutputSchemas.translate(json("{\"type\":\"object\",\"properties\":"
                + "{\"pattern\":{\"type\":\"string\"},\"minLength\":{\"type\":\"integer\"}}}"),
                StructuredOutputSchemas.Dialect.ANTHROPIC);
        assertEquals("string", translated.path("properties").path("pattern").path("type").asText());
        assertEquals("integer", translated.path("properties").path("minLength").path("type").asText());
    }

    @Test
    void openai_strict_mode_is_only_asked_for_when_every_property_is_required() throws Exception {
        JsonNode allRequired = StructuredOutputSchemas.translate(json("{\"type\":\"object\",\"properties\":"
                + "{\"x\":{\"type\":\"string\"}},\"required\":[\"x\"]}"), StructuredOutputSchemas.Dialect.OPENAI);
        JsonNode optionalNested = StructuredOutputSchemas.translate(json("{\"type\":\"object\",\"properties\":"
                        + "{\"x\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"y\":{}}}}},"
                        + "\"required\":[\"x\"]}"), StructuredOutputSchemas.Dialect.OPENAI);
        assertTrue(StructuredOutputSchemas.strictCompatible(allRequired));
        assertFalse(StructuredOutputSchemas.strictCompatible(optionalNested));
    }

    @Test
    void gemini_keeps_open_objects_and_its_supported_bounds() throws Exception {
        JsonNode translated = StructuredOutputSchemas.translate(json("{\"type\":\"object\",\"properties\":"
                        + "{\"n\":{\"type\":\"number\",\"minimum\":0,\"multipleOf\":5},\"s\":{\"const\":\"x\"}}}"),
                StructuredOutputSchemas.Dialect.GEMINI);
        assertFalse(translated.has("additionalProperties"));
        assertEquals(0, translated.path("properties").path("n").path("minimum").asInt());
        assertFalse(translated.path("properties").path("n").has("multipleOf"));
        assertEquals("[\"x\"]", translated.path("properties").path("s").path("enum").toString());
    }
}
