package dev.byok.jsonschema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema (draft 2020-12) for recipes: checks that a recipe's schemas are usable when the recipe is saved, and
 * validates run inputs and provider outputs against them. Remote {@code $ref}s are never fetched (a schema is tenant
 * data, and fetching would let it make this function call any URL).
 *
 * <p>Violations are described by location and keyword only ({@code input.items[2] violates minimum}), never with
 * the offending value or the library's message, which can quote it. A location segment is shown only when the
 * schema itself declares that property name; other names (the caller's own keys) appear as {@code *}.
 */
@Singleton
public class JsonSchemas {
    private static final int MAX_VIOLATIONS = 20;
    private static final int CACHE_SIZE = 256;

    private final ObjectMapper mapper;
    private final SchemaRegistry registry;
    private final Map<String, Compiled> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public JsonSchemas(ObjectMapper mapper) {
        this.mapper = mapper;
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
    }

    /**
     * Problems that make {@code schema} unusable (not a JSON Schema, unresolvable references), prefixed with
     * {@code field}; empty when it is fine.
     */
    public List<String> problemsOf(Map<String, Object> schema, String field) {
        JsonNode node = mapper.valueToTree(schema);
        List<String> problems = new ArrayList<>();
        try {
            Schema meta = registry.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
            for (Error error : meta.validate(node)) {
                problems.add(field + describe(error.getInstanceLocation(), null) + " violates the JSON Schema "
                        + "keyword rule " + error.getKeyword());
                if (problems.size() >= MAX_VIOLATIONS) {
                    break;
                }
            }
            if (problems.isEmpty() && hasExternalReference(node)) {
                problems.add(field + " may only use references inside the schema ($ref starting with #)");
            }
            if (problems.isEmpty()) {
                Schema compiled = compile(node).schema();
                compiled.initializeValidators();
                compiled.validate(NullNode.getInstance());
            }
        } catch (RuntimeException e) {
            problems.add(field + " is not a usable JSON Schema (references must stay inside the schema)");
        }
        return problems;
    }

    /** Violations of {@code instance} against {@code schema}, each starting with {@code root}; empty when valid. */
    public List<String> violations(Map<String, Object> schema, JsonNode instance, String root) {
        Compiled compiled = compile(mapper.valueToTree(schema));
        List<String> violations = new ArrayList<>();
        for (Error error : compiled.schema().validate(instance)) {
            String location = root + describe(error.getInstanceLocation(), compiled.declaredNames());
            if ("required".equals(error.getKeyword()) && error.getProperty() != null
                    && compiled.declaredNames().contains(error.getProperty())) {
                violations.add(location + "." + error.getProperty() + " is required");
            } else {
                violations.add(location + " violates " + error.getKeyword());
            }
            if (violations.size() >= MAX_VIOLATIONS) {
                break;
            }
        }
        return violations.stream().distinct().toList();
    }

    private Compiled compile(JsonNode schema) {
        String key = schema.toString();
        synchronized (cache) {
            Compiled cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Set<String> names = new HashSet<>();
        collectDeclaredNames(schema, names);
        Compiled compiled = new Compiled(registry.getSchema(schema), Set.copyOf(names));
        synchronized (cache) {
            cache.put(key, compiled);
        }
        return compiled;
    }

    private static boolean hasExternalReference(JsonNode node) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && (!ref.isTextual() || !ref.asText().startsWith("#"))) {
                return true;
            }
            JsonNode dynamicRef = node.get("$dynamicRef");
            if (dynamicRef != null && (!dynamicRef.isTextual() || !dynamicRef.asText().startsWith("#"))) {
                return true;
            }
        }
        for (JsonNode child : node) {
            if (hasExternalReference(child)) {
                return true;
            }
        }
        return false;
    }

    private static void collectDeclaredNames(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("properties") && field.getValue().isObject()) {
                    field.getValue().fieldNames().forEachRemaining(names::add);
                }
                if (field.getKey().equals("required") && field.getValue().isArray()) {
                    field.getValue().forEach(name -> names.add(name.asText()));
                }
                collectDeclaredNames(field.getValue(), names);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectDeclaredNames(element, names));
        }
    }

    /** {@code .a.b[2]}; names the schema does not declare become {@code *} (null: keep every name). */
    private static String describe(NodePath path, Set<String> declared) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                String name = String.valueOf(element);
                boolean safe = declared == null ? name.matches("[A-Za-z0-9_$-]{1,64}") : declared.contains(name);
                out.append('.').append(safe ? name : "*");
            }
        }
        return out.toString();
    }

    private record Compiled(Schema schema, Set<String> declaredNames) {
    }
}
