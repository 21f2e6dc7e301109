package dev.byok.testing.providers;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonSchemaSamplerTest {

    @Test
    void followsRefsAlternativesAndBounds() throws Exception {
        JsonNode schema = Http.JSON.readTree("""
                {"type":"object","$defs":{"step":{"type":"object","properties":{"n":{"type":"integer","minimum":3},
                   "kind":{"const":"tool"}}}},
                 "properties":{"steps":{"type":"array","minItems":2,"items":{"$ref":"#/$defs/step"}},
                   "note":{"anyOf":[{"type":"null"},{"type":"string","minLength":8}]},
                   "when":{"type":["string","null"],"format":"date-time"}}}""");
        assertEquals("{\"steps\":[{\"n\":3,\"kind\":\"tool\"},{\"n\":3,\"kind\":\"tool\"}],"
                        + "\"note\":\"samplexx\",\"when\":\"2026-01-01T00:00:00Z\"}",
                JsonSchemaSampler.sample(schema).toString());
    }
}
