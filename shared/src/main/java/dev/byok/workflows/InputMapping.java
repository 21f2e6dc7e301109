package dev.byok.workflows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step's input mapping: how its recipe's input is built from the workflow input and earlier steps' outputs. The
 * one implementation used when a workflow is saved (syntax, which steps are referenced), before a run starts (values
 * taken from the workflow input) and by the step executor, in Step Functions and in process alike.
 *
 * <p>A mapping is a JSON object whose strings are templates; other values are taken as they are (objects and arrays
 * member by member). References are {@code {{input}}}, {@code {{input.a.b}}}, {@code {{steps.<name>.output}}} (the
 * step's output text) and {@code {{steps.<name>.output.a.b}}} (a field of the step's output read as JSON; a numeric
 * segment indexes an array). A string that is exactly one reference takes the referenced JSON value as it is
 * (object, number, text); references inside other text are inserted as text, objects and arrays as compact JSON, like
 * recipe templates do. Text is copied exactly: no escaping, no normalisation. Without a mapping a step gets the
 * workflow input as it is.
 *
 * <p>Strict: every {@code {{...}}} must be a reference, and a referenced value that is absent or JSON null fails the
 * step with every missing reference listed. Messages name the step and the reference, never a value.
 */
public final class InputMapping {
    /** A step name: it is used in references, so no dots or braces. */
    public static final Pattern STEP_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final String SEGMENT = "[\\p{L}\\p{M}\\p{N}_-]+";
    private static final Pattern REFERENCE = Pattern.compile(
            "\\s*(?:input|steps\\.([A-Za-z][A-Za-z0-9_-]*)\\.output)((?:\\." + SEGMENT + ")*)\\s*");
    private static final int MAX_KEY_LENGTH = 100;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private InputMapping() {
    }

    /**
     * A reference in a mapping.
     *
     * @param stepName the referenced step, or null for the workflow input
     * @param path     the field path below {@code input} or {@code steps.<name>.output}
     */
    public record Reference(String stepName, List<String> path) {
        boolean isInput() {
            return stepName == null;
        }

        /** The reference as written without spaces, e.g. {@code steps.extract.output.summary}. */
        public String expression() {
            StringBuilder text = new StringBuilder(isInput() ? "input" : "steps." + stepName + ".output");
            path.forEach(segment -> text.append('.').append(segment));
            return text.toString();
        }
    }

    /**
     * The references of a mapping, in order of appearance. Syntax problems are added to {@code problems} as
     * {@code <field>.<key>: <rule>}; nothing of the mapping's text is quoted.
     */
    public static List<Reference> references(Map<String, Object> mapping, String field, List<String> problems) {
        List<Reference> references = new ArrayList<>();
        if (mapping != null) {
            collect(mapping, field, references, problems);
        }
        return references;
    }

    /** The names of the steps whose output some step's mapping references: their outputs must be kept. */
    public static Set<String> referencedSteps(List<WorkflowStep> steps) {
        Set<String> names = new LinkedHashSet<>();
        for (WorkflowStep step : steps) {
            for (Reference reference : references(step.input(), "input", new ArrayList<>())) {
                if (!reference.isInput()) {
                    names.add(reference.stepName());
                }
            }
        }
        return names;
    }

    /**
     * References to the workflow input that have no value in it, as {@code step '<name>': {{input.x}} has no value}:
     * the part of every step's mapping that can be checked before the first step runs.
     */
    public static List<String> missingInputValues(List<WorkflowStep> steps, JsonNode input) {
        List<String> missing = new ArrayList<>();
        for (WorkflowStep step : steps) {
            for (Reference reference : references(step.input(), "input", new ArrayList<>())) {
                if (reference.isInput() && lookup(input, reference.path()) == null) {
                    missing.add(missingMessage(step.name(), reference));
                }
            }
        }
        return missing.stream().distinct().toList();
    }

    /**
     * The step's recipe input.
     *
     * @param outputs step name → output text of the earlier steps this mapping may reference
     * @throws WorkflowMappingException listing every reference without a value
     */
    public static ObjectNode resolve(WorkflowStep step, JsonNode input, Map<String, String> outputs,
                                     ObjectMapper mapper) {
        if (step.input() == null) {
            return input != null && input.isObject() ? ((ObjectNode) input).deepCopy() : NODES.objectNode();
        }
        Resolver resolver = new Resolver(step.name(), input, outputs, mapper);
        ObjectNode resolved = NODES.objectNode();
        step.input().forEach((key, value) -> {
            JsonNode node = resolver.value(value);
            if (node != null) {
                resolved.set(key, node);
            }
        });
        if (!resolver.problems.isEmpty()) {
            throw new WorkflowMappingException(step.name(), resolver.problems);
        }
        return resolved;
    }

    private static void collect(Object value, String location, List<Reference> references, List<String> problems) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, member) -> {
                String name = String.valueOf(key);
                if (name.isEmpty() || name.length() > MAX_KEY_LENGTH
                        || name.chars().anyMatch(Character::isISOControl)) {
                    problems.add(location + " has a key that is empty, longer than " + MAX_KEY_LENGTH
                            + " characters or holds control characters");
                } else {
                    collect(member, location + "." + name, references, problems);
                }
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(list.get(i), location + "[" + i + "]", references, problems);
            }
        } else if (value instanceof String text) {
            Matcher placeholder = PLACEHOLDER.matcher(text);
            while (placeholder.find()) {
                Reference reference = parse(placeholder.group(1));
                if (reference == null) {
                    problems.add(location + " has a {{...}} that is not a reference: use {{input.<field>}} or "
                            + "{{steps.<step name>.output[.<field>]}}");
                } else {
                    references.add(reference);
                }
            }
        }
    }

    private static Reference parse(String expression) {
        Matcher matcher = REFERENCE.matcher(expression);
        if (!matcher.matches()) {
            return null;
        }
        List<String> path = matcher.group(2).isEmpty() ? List.of()
                : List.of(matcher.group(2).substring(1).split("\\."));
        return new Reference(matcher.group(1), path);
    }

    /** The value at {@code path}, or null when it is absent or JSON null. */
    private static JsonNode lookup(JsonNode root, List<String> path) {
        JsonNode node = root;
        for (String segment : path) {
            if (node == null) {
                return null;
            }
            if (node.isArray() && segment.length() < 10 && segment.chars().allMatch(c -> c >= '0' && c <= '9')) {
                node = node.get(Integer.parseInt(segment));
            } else {
                node = node.isObject() ? node.get(segment) : null;
            }
        }
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    private static String missingMessage(String stepName, Reference reference) {
        return "step '" + stepName + "': {{" + reference.expression() + "}} has no value";
    }

    /** Resolves one step's mapping, collecting every problem. */
    private static final class Resolver {
        private final String stepName;
        private final JsonNode input;
        private final Map<String, String> outputs;
        private final ObjectMapper mapper;
        private final Map<String, JsonNode> parsedOutputs = new HashMap<>();
        private final List<String> problems = new ArrayList<>();

        Resolver(String stepName, JsonNode input, Map<String, String> outputs, ObjectMapper mapper) {
            this.stepName = stepName;
            this.input = input;
            this.outputs = outputs;
            this.mapper = mapper;
        }

        JsonNode value(Object value) {
            if (value instanceof Map<?, ?> map) {
                ObjectNode object = NODES.objectNode();
                map.forEach((key, member) -> {
                    JsonNode node = value(member);
                    if (node != null) {
                        object.set(String.valueOf(key), node);
                    }
                });
                return object;
            }
            if (value instanceof List<?> list) {
                ArrayNode array = NODES.arrayNode();
                list.forEach(member -> {
                    JsonNode node = value(member);
                    array.add(node == null ? NODES.nullNode() : node);
                });
                return array;
            }
            if (value instanceof String text) {
                return text(text);
            }
            return mapper.valueToTree(value);
        }

        private JsonNode text(String text) {
            Matcher placeholder = PLACEHOLDER.matcher(text);
            if (!placeholder.find()) {
                return TextNode.valueOf(text);
            }
            if (placeholder.start() == 0 && placeholder.end() == text.length()) {
                JsonNode whole = referenced(placeholder.group(1));
                return whole == null ? null : whole.deepCopy();
            }
            StringBuilder out = new StringBuilder(text.length() + 64);
            int last = 0;
            boolean complete = true;
            do {
                out.append(text, last, placeholder.start());
                JsonNode part = referenced(placeholder.group(1));
                if (part == null) {
                    complete = false;
                } else {
                    out.append(part.isTextual() ? part.textValue() : part.toString());
                }
                last = placeholder.end();
            } while (placeholder.find());
            return complete ? TextNode.valueOf(out.append(text, last, text.length()).toString()) : null;
        }

        private JsonNode referenced(String expression) {
            Reference reference = parse(expression);
            if (reference == null) {
                problems.add("step '" + stepName + "': a {{...}} is not a reference");
                return null;
            }
            JsonNode value;
            if (reference.isInput()) {
                value = lookup(input, reference.path());
            } else if (!outputs.containsKey(reference.stepName())) {
                problems.add("step '" + stepName + "': {{" + reference.expression() + "}} refers to a step whose "
                        + "output is not available");
                return null;
            } else if (reference.path().isEmpty()) {
                value = TextNode.valueOf(outputs.get(reference.stepName()));
            } else {
                JsonNode output = parsedOutput(reference.stepName());
                if (output.isMissingNode()) {
                    problems.add("step '" + stepName + "': {{" + reference.expression() + "}} has no value: the "
                            + "output of step '" + reference.stepName() + "' is not JSON");
                    return null;
                }
                value = lookup(output, reference.path());
            }
            if (value == null) {
                problems.add(missingMessage(stepName, reference));
            }
            return value;
        }

        private JsonNode parsedOutput(String step) {
            return parsedOutputs.computeIfAbsent(step, name -> {
                try {
                    // Strict: "{...} and some words" is not JSON, even though a lenient parser would stop early.
                    JsonNode parsed = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                            .readTree(outputs.get(name));
                    return parsed == null ? MissingNode.getInstance() : parsed;
                } catch (JsonProcessingException notJson) {
                    return MissingNode.getInstance();
                }
            });
        }
    }
}
