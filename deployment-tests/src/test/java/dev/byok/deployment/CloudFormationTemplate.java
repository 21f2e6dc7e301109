package dev.byok.deployment;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CloudFormation/SAM template as a JSON tree, with the YAML short forms ({@code !Ref}, {@code !GetAtt}, ...) turned
 * into their JSON forms ({@code {"Ref": ...}}, {@code {"Fn::GetAtt": [...]}}), so a check can tell a reference from
 * a string that merely looks like one.
 */
record CloudFormationTemplate(JsonNode root) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> INTRINSICS = Set.of("And", "Base64", "Cidr", "Condition", "Equals", "FindInMap",
            "GetAZs", "GetAtt", "If", "ImportValue", "Join", "Length", "Not", "Or", "Ref", "Select", "Split", "Sub",
            "ToJsonString", "Transform");

    /** Reads a YAML template. */
    static CloudFormationTemplate read(Path file) {
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            parser.nextToken();
            return new CloudFormationTemplate(readValue(parser));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Wraps a JSON template, e.g. the output of the SAM transform. */
    static CloudFormationTemplate of(JsonNode json) {
        return new CloudFormationTemplate(json);
    }

    /** Logical id → resource, for every resource of the given type, in template order. */
    Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        root.path("Resources").properties().forEach(entry -> {
            if (type.equals(entry.getValue().path("Type").asText())) {
                found.put(entry.getKey(), entry.getValue());
            }
        });
        return found;
    }

    /** The logical id of the one resource of the given type. */
    String onlyResourceOfType(String type) {
        Map<String, JsonNode> found = resourcesOfType(type);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + type + ", found " + found.keySet());
        }
        return found.keySet().iterator().next();
    }

    /** A function property, falling back to Globals.Function like the SAM transform does. */
    JsonNode functionProperty(String logicalId, String property) {
        JsonNode own = root.path("Resources").path(logicalId).path("Properties").path(property);
        return own.isMissingNode() ? root.path("Globals").path("Function").path(property) : own;
    }

    /** True when {@code node} is {@code {"Fn::GetAtt": [logicalId, attribute]}}. */
    static boolean isGetAtt(JsonNode node, String logicalId, String attribute) {
        JsonNode getAtt = node.path("Fn::GetAtt");
        return getAtt.isArray() && getAtt.size() == 2
                && logicalId.equals(getAtt.get(0).asText()) && attribute.equals(getAtt.get(1).asText());
    }

    /** A node that may be a single value or a list, as a list (IAM's Action and Resource are either). */
    static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> values = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(values::add);
        } else {
            values.add(node);
        }
        return values;
    }

    /** Strings of a single value or a list (IAM's Action and condition values are either). */
    static List<String> asStrings(JsonNode node) {
        return asList(node).stream().map(JsonNode::asText).toList();
    }

    private static JsonNode readValue(YAMLParser parser) throws IOException {
        // The tag belongs to the event that starts the value: read it before moving on.
        String tag = parser.getTypeId();
        JsonToken token = parser.currentToken();
        JsonNode value = switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, readValue(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(parser));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> NODES.numberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(parser.getBooleanValue());
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IOException("unexpected " + token + " at " + parser.currentLocation());
        };
        return tag == null ? value : intrinsic(tag, value, parser);
    }

    private static JsonNode intrinsic(String tag, JsonNode value, YAMLParser parser) throws IOException {
        String name = tag.startsWith("!") ? tag.substring(1) : tag;
        if (!INTRINSICS.contains(name)) {
            throw new IOException("unknown tag !" + name + " at " + parser.currentLocation());
        }
        JsonNode argument = value;
        if ("GetAtt".equals(name) && value.isTextual()) {
            String[] parts = value.asText().split("\\.", 2);
            ArrayNode pair = NODES.arrayNode();
            for (String part : parts) {
                pair.add(part);
            }
            argument = pair;
        }
        String key = "Ref".equals(name) || "Condition".equals(name) ? name : "Fn::" + name;
        return NODES.objectNode().set(key, argument);
    }
}
