package dev.byok.recipes;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict {@code {{name}}} / {@code {{a.b}}} substitution. Values are inserted verbatim (no HTML or other escaping);
 * objects and arrays as compact JSON. Braces that do not form a variable (a JSON example in the prompt,
 * {@code {{ not a name }}}) pass through unchanged. A variable without a value (absent or JSON null) is an error,
 * reported together with every other missing one.
 */
public final class PromptTemplate {
    private static final Pattern VARIABLE =
            Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+)*)\\s*}}");

    private final String source;

    private PromptTemplate(String source) {
        this.source = source;
    }

    public static PromptTemplate of(String source) {
        return new PromptTemplate(source == null ? "" : source);
    }

    /** The variable names used, in order of first appearance. */
    public Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = VARIABLE.matcher(source);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Names with no value in {@code input}, in order of first appearance. */
    public List<String> missing(JsonNode input) {
        List<String> missing = new ArrayList<>();
        for (String name : variables()) {
            if (lookup(input, name) == null) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** Renders; call {@link #missing(JsonNode)} first, or get an IllegalArgumentException on a missing value. */
    public String render(JsonNode input) {
        Matcher matcher = VARIABLE.matcher(source);
        StringBuilder out = new StringBuilder(source.length() + 64);
        int last = 0;
        while (matcher.find()) {
            out.append(source, last, matcher.start());
            JsonNode value = lookup(input, matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("missing template variable");
            }
            out.append(value.isTextual() ? value.textValue() : value.toString());
            last = matcher.end();
        }
        return out.append(source, last, source.length()).toString();
    }

    private static JsonNode lookup(JsonNode input, String path) {
        JsonNode node = input;
        for (String segment : path.split("\\.")) {
            if (node == null) {
                return null;
            }
            if (node.isArray() && segment.length() < 10 && segment.chars().allMatch(Character::isDigit)) {
                node = node.get(Integer.parseInt(segment));
            } else {
                node = node.isObject() ? node.get(segment) : null;
            }
        }
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }
}
