package dev.byok.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Translates a recipe's output JSON Schema into the subset a provider's structured-output mode accepts. Keywords a
 * provider rejects are translated when a looser equivalent exists ({@code oneOf} → {@code anyOf}, {@code const} →
 * one-value {@code enum}) and dropped otherwise (length and numeric bounds, patterns, conditionals). Dropping only
 * ever loosens what the provider is asked for: the reply is always validated locally against the recipe's full
 * schema, so a dropped constraint is still enforced.
 */
public final class StructuredOutputSchemas {
    /** The providers' structured-output dialects. */
    public enum Dialect {
        /** Anthropic {@code output_config.format}: closed objects, no numeric or length bounds. */
        ANTHROPIC,
        /** OpenAI (and compatible) {@code response_format} json_schema: closed objects; no allOf/oneOf. */
        OPENAI,
        /** Gemini {@code responseJsonSchema}: its documented keyword subset, no {@code const}. */
        GEMINI
    }

    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "$defs", "definitions");
    private static final Set<String> SCHEMA_VALUES = Set.of("items", "additionalProperties");
    private static final Set<String> SCHEMA_ARRAYS = Set.of("anyOf", "oneOf", "allOf", "prefixItems");
    private static final Set<String> ANTHROPIC_FORMATS = Set.of("date-time", "time", "date", "duration", "email",
            "hostname", "uri", "ipv4", "ipv6", "uuid");

    private static final Set<String> ANTHROPIC = Set.of("type", "properties", "required", "additionalProperties",
            "items", "enum", "const", "anyOf", "allOf", "$ref", "$defs", "definitions", "description", "title",
            "format");
    private static final Set<String> OPENAI = Set.of("type", "properties", "required", "additionalProperties",
            "items", "enum", "const", "anyOf", "$ref", "$defs", "definitions", "description", "title", "pattern",
            "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems",
            "maxItems");
    private static final Set<String> GEMINI = Set.of("$id", "$defs", "$ref", "$anchor", "type", "format", "title",
            "description", "enum", "items", "prefixItems", "minItems", "maxItems", "minimum", "maximum", "anyOf",
            "oneOf", "properties", "additionalProperties", "required", "propertyOrdering");

    private StructuredOutputSchemas() {
    }

    /** The schema to send to a provider of this dialect. The input is not modified. */
    public static JsonNode translate(JsonNode schema, Dialect dialect) {
        if (schema == null || !schema.isObject()) {
            return schema;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Set<String> allowed = allowed(dialect);
        for (Iterator<Map.Entry<String, JsonNode>> fields = schema.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            if (dialect != Dialect.GEMINI && keyword.equals("oneOf")) {
                keyword = "anyOf";
            }
            if (dialect == Dialect.GEMINI && keyword.equals("const")) {
                out.set("enum", JsonNodeFactory.instance.arrayNode().add(value.deepCopy()));
                continue;
            }
            if (!allowed.contains(keyword)
                    || (dialect == Dialect.ANTHROPIC && keyword.equals("format")
                    && !ANTHROPIC_FORMATS.contains(value.asText()))) {
                continue;
            }
            if (SCHEMA_MAPS.contains(keyword) && value.isObject()) {
                ObjectNode map = out.putObject(keyword);
                value.fields().forEachRemaining(entry -> map.set(entry.getKey(), translate(entry.getValue(), dialect)));
            } else if (SCHEMA_VALUES.contains(keyword) && value.isObject()) {
                out.set(keyword, translate(value, dialect));
            } else if (SCHEMA_ARRAYS.contains(keyword) && value.isArray()) {
                ArrayNode target = out.has(keyword) && out.get(keyword).isArray() ? (ArrayNode) out.get(keyword)
                        : out.putArray(keyword);
                value.forEach(element -> target.add(translate(element, dialect)));
            } else {
                out.set(keyword, value.deepCopy());
            }
        }
        if (dialect != Dialect.GEMINI && isObjectSchema(out)) {
            // Both reject open objects in strict mode; closing one only narrows what the model may produce.
            out.put("additionalProperties", false);
        }
        return out;
    }

    /**
     * Whether OpenAI can enforce the (translated) schema in strict mode: every object lists all its properties as
     * required. Optional properties cannot be expressed in strict mode without changing what a valid reply is.
     */
    public static boolean strictCompatible(JsonNode translated) {
        if (translated == null || !translated.isObject()) {
            return true;
        }
        if (isObjectSchema(translated)) {
            Set<String> required = new HashSet<>();
            translated.path("required").forEach(name -> required.add(name.asText()));
            for (Iterator<String> names = translated.path("properties").fieldNames(); names.hasNext(); ) {
                if (!required.contains(names.next())) {
                    return false;
                }
            }
        }
        for (String keyword : SCHEMA_MAPS) {
            for (JsonNode nested : translated.path(keyword)) {
                if (!strictCompatible(nested)) {
                    return false;
                }
            }
        }
        for (String keyword : SCHEMA_VALUES) {
            if (!strictCompatible(translated.get(keyword))) {
                return false;
            }
        }
        for (String keyword : SCHEMA_ARRAYS) {
            for (JsonNode nested : translated.path(keyword)) {
                if (!strictCompatible(nested)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isObjectSchema(JsonNode schema) {
        JsonNode type = schema.get("type");
        boolean typed = type != null && (type.asText().equals("object")
                || (type.isArray() && type.toString().contains("\"object\"")));
        return typed || schema.has("properties");
    }

    private static Set<String> allowed(Dialect dialect) {
        return switch (dialect) {
            case ANTHROPIC -> ANTHROPIC;
            case OPENAI -> OPENAI;
            case GEMINI -> GEMINI;
        };
    }
}
