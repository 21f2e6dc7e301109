package dev.byok.testing.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a small JSON value that satisfies a JSON Schema (or a Gemini/OpenAPI {@code Schema}, whose type names are upper
 * case): what the fakes answer when a request asks for structured output. Deterministic and prompt-independent.
 *
 * <p>Supported: {@code const}, {@code enum}, {@code default}, {@code $ref} to {@code #/$defs/..} or
 * {@code #/definitions/..}, {@code anyOf}/{@code oneOf} (first branch), {@code allOf} (objects merged), {@code type}
 * (also as a list; {@code null} is taken last), {@code properties} (all of them), {@code items}/{@code prefixItems}/
 * {@code minItems}, {@code minimum}/{@code exclusiveMinimum}, {@code minLength}, common string {@code format}s.
 */
public final class JsonSchemaSampler {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 12;

    private JsonSchemaSampler() {
    }

    /** A value valid against {@code schema} (a missing or empty schema gives an empty object). */
    public static JsonNode sample(JsonNode schema) {
        return sample(schema, schema, 0);
    }

    private static JsonNode sample(JsonNode schema, JsonNode root, int depth) {
        if (schema == null || schema.isNull() || schema.isBoolean() || depth > MAX_DEPTH) {
            return depth == 0 ? F.objectNode() : F.nullNode();
        }
        if (schema.has("const")) {
            return schema.get("const").deepCopy();
        }
        if (schema.has("enum") && schema.get("enum").isArray() && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0).deepCopy();
        }
        if (schema.has("default")) {
            return schema.get("default").deepCopy();
        }
        if (schema.has("$ref")) {
            return sample(resolve(schema.get("$ref").asText(), root), root, depth + 1);
        }
        for (String alternative : new String[] {"anyOf", "oneOf"}) {
            JsonNode options = schema.get(alternative);
            if (options != null && options.isArray() && !options.isEmpty()) {
                JsonNode chosen = options.get(0);
                for (JsonNode option : options) { // prefer a branch that is not just "null"
                    if (!"null".equals(typeOf(option))) {
                        chosen = option;
                        break;
                    }
                }
                return sample(chosen, root, depth + 1);
            }
        }
        if (schema.has("allOf") && schema.get("allOf").isArray()) {
            ObjectNode merged = F.objectNode();
            for (JsonNode part : schema.get("allOf")) {
                JsonNode value = sample(part, root, depth + 1);
                if (value.isObject()) {
                    merged.setAll((ObjectNode) value);
                } else {
                    return value;
                }
            }
            return merged;
        }
        String type = typeOf(schema);
        if (type == null) {
            type = schema.has("properties") ? "object" : schema.has("items") ? "array" : "object";
        }
        return switch (type) {
            case "object" -> object(schema, root, depth);
            case "array" -> array(schema, root, depth);
            case "string" -> string(schema);
            case "integer" -> F.numberNode((long) Math.ceil(lowerBound(schema)));
            case "number" -> F.numberNode(lowerBound(schema));
            case "boolean" -> F.booleanNode(false);
            default -> F.nullNode();
        };
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return null;
        }
        if (type.isArray()) {
            String fallback = null;
            for (JsonNode t : type) {
                String name = t.asText().toLowerCase(Locale.ROOT);
                if (!"null".equals(name)) {
                    return name;
                }
                fallback = name;
            }
            return fallback;
        }
        return type.asText().toLowerCase(Locale.ROOT);
    }

    private static JsonNode resolve(String ref, JsonNode root) {
        if (!ref.startsWith("#")) {
            return null;
        }
        JsonNode target = root.at(ref.substring(1));
        return target.isMissingNode() ? null : target;
    }

    private static ObjectNode object(JsonNode schema, JsonNode root, int depth) {
        ObjectNode result = F.objectNode();
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                result.set(field.getKey(), sample(field.getValue(), root, depth + 1));
            }
        }
        return result;
    }

    private static ArrayNode array(JsonNode schema, JsonNode root, int depth) {
        ArrayNode result = F.arrayNode();
        JsonNode prefix = schema.get("prefixItems");
        if (prefix != null && prefix.isArray()) {
            for (JsonNode item : prefix) {
                result.add(sample(item, root, depth + 1));
            }
        }
        int wanted = Math.max(1, schema.path("minItems").asInt(1));
        if (schema.has("maxItems")) {
            wanted = Math.min(wanted, schema.get("maxItems").asInt());
        }
        JsonNode items = schema.get("items");
        while (result.size() < wanted && items != null && items.isObject()) {
            result.add(sample(items, root, depth + 1));
        }
        return result;
    }

    private static JsonNode string(JsonNode schema) {
        String format = schema.path("format").asText("");
        String value = switch (format) {
            case "date-time" -> "2026-01-01T00:00:00Z";
            case "date" -> "2026-01-01";
            case "time" -> "00:00:00";
            case "email" -> "someone@example.com";
            case "uri", "url" -> "https://example.com/";
            case "uuid" -> "00000000-0000-4000-8000-000000000000";
            default -> "sample";
        };
        int minLength = schema.path("minLength").asInt(0);
        StringBuilder padded = new StringBuilder(value);
        while (padded.length() < minLength) {
            padded.append('x');
        }
        int maxLength = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        return F.textNode(padded.length() > maxLength ? padded.substring(0, maxLength) : padded.toString());
    }

    private static double lowerBound(JsonNode schema) {
        if (schema.has("minimum")) {
            return schema.get("minimum").asDouble();
        }
        if (schema.has("exclusiveMinimum") && schema.get("exclusiveMinimum").isNumber()) {
            return schema.get("exclusiveMinimum").asDouble() + 1;
        }
        if (schema.has("maximum") && schema.get("maximum").asDouble() < 0) {
            return schema.get("maximum").asDouble();
        }
        return 0;
    }
}
