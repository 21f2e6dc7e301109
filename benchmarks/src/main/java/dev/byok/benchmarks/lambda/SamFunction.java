package dev.byok.benchmarks.lambda;

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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code AWS::Serverless::Function} of template.yaml, with {@code Globals.Function} applied the way the SAM
 * transform applies it: what the benchmark needs to start the artifact like Lambda would.
 *
 * @param logicalId   e.g. {@code KeyRegistrationFunction}
 * @param codeUri     the artifact, relative to the template's folder
 * @param handler     the handler class (no {@code ::method})
 * @param memoryMb    {@code MemorySize} (Lambda's default 128 when absent)
 * @param timeoutSeconds {@code Timeout} (default 3)
 * @param environment {@code Environment.Variables}: literal strings, or intrinsic functions as {@code {"!Ref": ...}} /
 *                    {@code {"!GetAtt": ...}} nodes, resolved by {@link #environment(Map)}
 * @param logFormat   {@code LoggingConfig.LogFormat}, {@code Text} when absent
 * @param logLevel    {@code LoggingConfig.ApplicationLogLevel}, empty when absent
 * @param parameterDefaults the template parameters' defaults, which {@code !Ref}s to parameters resolve to
 * @param conditions  the template's {@code Conditions}, which {@code !If} evaluates (with {@code !Equals}, {@code !Not},
 *                    {@code !And}, {@code !Or})
 * @param iamServices the AWS services ({@code dynamodb}, {@code kms}, ...) the function's inline policy statements
 *                    allow actions of; empty when its {@code Policies} are not all inline statements (a SAM policy
 *                    template or a managed policy cannot be read here)
 */
public record SamFunction(String logicalId, String codeUri, String handler, int memoryMb, int timeoutSeconds,
                          Map<String, JsonNode> environment, String logFormat, String logLevel,
                          Map<String, String> parameterDefaults, Map<String, JsonNode> conditions,
                          Optional<Set<String>> iamServices) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The functions of a template, in template order. */
    public static List<SamFunction> read(Path template) {
        JsonNode root = parse(template);
        JsonNode globals = root.path("Globals").path("Function");
        Map<String, String> defaults = new LinkedHashMap<>();
        root.path("Parameters").properties().forEach(p -> {
            if (p.getValue().has("Default")) {
                defaults.put(p.getKey(), p.getValue().get("Default").asText());
            }
        });
        Map<String, JsonNode> conditions = new LinkedHashMap<>();
        root.path("Conditions").properties().forEach(c -> conditions.put(c.getKey(), c.getValue()));
        List<SamFunction> functions = new ArrayList<>();
        root.path("Resources").properties().forEach(entry -> {
            if (!"AWS::Serverless::Function".equals(entry.getValue().path("Type").asText())) {
                return;
            }
            JsonNode own = entry.getValue().path("Properties");
            Map<String, JsonNode> environment = new LinkedHashMap<>();
            globals.path("Environment").path("Variables").properties()
                    .forEach(v -> environment.put(v.getKey(), v.getValue()));
            own.path("Environment").path("Variables").properties()
                    .forEach(v -> environment.put(v.getKey(), v.getValue()));
            functions.add(new SamFunction(entry.getKey(),
                    property(own, globals, "CodeUri").asText(),
                    property(own, globals, "Handler").asText(),
                    property(own, globals, "MemorySize").asInt(128),
                    property(own, globals, "Timeout").asInt(3),
                    environment,
                    property(own, globals, "LoggingConfig").path("LogFormat").asText("Text"),
                    property(own, globals, "LoggingConfig").path("ApplicationLogLevel").asText(""),
                    defaults, conditions, iamServices(own.path("Policies"))));
        });
        return functions;
    }

    /**
     * The environment variables with intrinsic functions resolved: {@code !Ref} of a parameter gives its default;
     * {@code !Ref X} and {@code !GetAtt X.Attr} give {@code localValues.get("X")} / {@code localValues.get("X.Attr")}
     * (pseudo parameters too: {@code localValues.get("AWS::Region")}); {@code !Sub} substitutes the same way;
     * {@code !If} evaluates its condition from the template's {@code Conditions}.
     *
     * @throws IllegalStateException naming the variable when a value has no local counterpart
     */
    public Map<String, String> environment(Map<String, String> localValues) {
        Map<String, String> resolved = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            String local = resolve(value, localValues);
            if (local == null) {
                throw new IllegalStateException(logicalId + ": template.yaml sets " + name + " to " + value
                        + ", which has no local value; give the benchmark one for it");
            }
            resolved.put(name, local);
        });
        return resolved;
    }

    /** The value of an expression, or null when some part of it has no local value. */
    private String resolve(JsonNode value, Map<String, String> localValues) {
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.has("!Ref")) {
            return reference(value.get("!Ref").asText(), localValues);
        }
        if (value.has("!GetAtt")) {
            return localValues.get(value.get("!GetAtt").asText());
        }
        if (value.has("!Sub") && value.get("!Sub").isValueNode()) {
            Matcher variable = Pattern.compile("\\$\\{([^}!]+)}").matcher(value.get("!Sub").asText());
            StringBuilder text = new StringBuilder();
            while (variable.find()) {
                String name = variable.group(1);
                String local = name.contains(".") ? localValues.get(name) : reference(name, localValues);
                if (local == null) {
                    return null;
                }
                variable.appendReplacement(text, Matcher.quoteReplacement(local));
            }
            return variable.appendTail(text).toString();
        }
        if (value.has("!If") && value.get("!If").size() == 3) {
            Boolean condition = condition(conditions.get(value.get("!If").get(0).asText()), localValues);
            return condition == null ? null : resolve(value.get("!If").get(condition ? 1 : 2), localValues);
        }
        return null;
    }

    private String reference(String name, Map<String, String> localValues) {
        return parameterDefaults.containsKey(name) ? parameterDefaults.get(name) : localValues.get(name);
    }

    /** A condition's truth, or null when it cannot be evaluated here. */
    private Boolean condition(JsonNode condition, Map<String, String> localValues) {
        if (condition == null) {
            return null;
        }
        if (condition.has("!Condition")) {
            return condition(conditions.get(condition.get("!Condition").asText()), localValues);
        }
        if (condition.has("!Equals") && condition.get("!Equals").size() == 2) {
            String left = resolve(condition.get("!Equals").get(0), localValues);
            String right = resolve(condition.get("!Equals").get(1), localValues);
            return left == null || right == null ? null : left.equals(right);
        }
        if (condition.has("!Not") && condition.get("!Not").size() == 1) {
            Boolean inner = condition(condition.get("!Not").get(0), localValues);
            return inner == null ? null : !inner;
        }
        for (String operator : List.of("!And", "!Or")) {
            if (condition.has(operator)) {
                boolean and = operator.equals("!And");
                for (JsonNode part : condition.get(operator)) {
                    Boolean truth = condition(part, localValues);
                    if (truth == null) {
                        return null;
                    }
                    if (truth != and) {
                        return !and;
                    }
                }
                return and;
            }
        }
        return null;
    }

    private static Optional<Set<String>> iamServices(JsonNode policies) {
        Set<String> services = new TreeSet<>();
        if (!policies.isArray()) {
            return Optional.empty();
        }
        for (JsonNode policy : policies) {
            if (!policy.path("Statement").isArray()) {
                return Optional.empty();
            }
            for (JsonNode statement : policy.path("Statement")) {
                JsonNode actions = statement.path("Action");
                for (JsonNode action : actions.isArray() ? actions : List.of(actions)) {
                    String text = action.asText();
                    if (text.contains(":")) {
                        services.add(text.substring(0, text.indexOf(':')));
                    }
                }
            }
        }
        return Optional.of(Set.copyOf(services));
    }

    private static JsonNode property(JsonNode own, JsonNode globals, String name) {
        return own.has(name) ? own.get(name) : globals.path(name);
    }

    private static JsonNode parse(Path template) {
        try (YAMLParser parser = new YAMLFactory().createParser(template.toFile())) {
            parser.nextToken();
            return read(parser);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + template, e);
        }
    }

    /** A YAML value as a tree, keeping CloudFormation's short-form tags ({@code !Ref x} → {@code {"!Ref": "x"}}). */
    private static JsonNode read(YAMLParser parser) throws IOException {
        String tag = parser.getTypeId();
        JsonNode value;
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            ObjectNode object = NODES.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                object.set(name, read(parser));
            }
            value = object;
        } else if (parser.currentToken() == JsonToken.START_ARRAY) {
            ArrayNode array = NODES.arrayNode();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                array.add(read(parser));
            }
            value = array;
        } else if (parser.currentToken() == JsonToken.VALUE_NULL) {
            value = NODES.nullNode();
        } else {
            value = NODES.textNode(parser.getText());
        }
        return tag == null ? value : NODES.objectNode().set("!" + tag, value);
    }
}
