package dev.byok.recipes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.aws.TableConfiguration;
import dev.byok.aws.VersionedItems;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.byok.aws.ItemAttributes.TYPE;
import static dev.byok.aws.ItemAttributes.instant;
import static dev.byok.aws.ItemAttributes.n;
import static dev.byok.aws.ItemAttributes.nullableNumber;
import static dev.byok.aws.ItemAttributes.number;
import static dev.byok.aws.ItemAttributes.putIfPresent;
import static dev.byok.aws.ItemAttributes.s;
import static dev.byok.aws.ItemAttributes.string;

/** {@link RecipeRepository} on the single table: {@code sk = RECIPE#<recipeId>}; schemas stored as JSON strings. */
@Singleton
public class DynamoDbRecipeRepository implements RecipeRepository {
    static final String SK_PREFIX = "RECIPE#";
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final VersionedItems items;
    private final ObjectMapper mapper;

    public DynamoDbRecipeRepository(DynamoDbClient dynamo, TableConfiguration configuration, ObjectMapper mapper) {
        this.items = new VersionedItems(dynamo, configuration.name(), SK_PREFIX, "recipe");
        this.mapper = mapper;
    }

    @Override
    public void create(TenantId tenant, Recipe recipe) {
        items.create(toItem(tenant, recipe));
    }

    @Override
    public Optional<Recipe> find(TenantId tenant, String recipeId) {
        return items.find(tenant, recipeId).map(this::fromItem);
    }

    @Override
    public List<Recipe> list(TenantId tenant) {
        List<Recipe> recipes = new ArrayList<>();
        items.list(tenant).forEach(item -> recipes.add(fromItem(item)));
        recipes.sort(Comparator.comparing(Recipe::createdAt));
        return recipes;
    }

    @Override
    public boolean replace(TenantId tenant, Recipe recipe, int expectedVersion) {
        return items.replace(toItem(tenant, recipe), expectedVersion);
    }

    @Override
    public boolean delete(TenantId tenant, String recipeId) {
        return items.delete(tenant, recipeId);
    }

    /** The recipe item's primary key (also read in a run's batched read). */
    public static Map<String, AttributeValue> keyOf(TenantId tenant, String recipeId) {
        return VersionedItems.keyOf(tenant, SK_PREFIX, recipeId);
    }

    private Map<String, AttributeValue> toItem(TenantId tenant, Recipe recipe) {
        Map<String, AttributeValue> item = new HashMap<>(keyOf(tenant, recipe.recipeId()));
        item.put(TYPE, s("RECIPE"));
        item.put("recipeId", s(recipe.recipeId()));
        item.put("name", s(recipe.name()));
        item.put("department", s(recipe.department()));
        putIfPresent(item, "system", recipe.system());
        item.put("template", s(recipe.template()));
        putIfPresent(item, "inputSchema", json(recipe.inputSchema()));
        putIfPresent(item, "outputSchema", json(recipe.outputSchema()));
        putSelection(item, "", recipe.model());
        if (recipe.fallback() != null) {
            putSelection(item, "fallback.", recipe.fallback());
        }
        if (recipe.parameters().maxOutputTokens() != null) {
            item.put("maxOutputTokens", n(recipe.parameters().maxOutputTokens()));
        }
        if (recipe.parameters().temperature() != null) {
            item.put("temperature", n(java.math.BigDecimal.valueOf(recipe.parameters().temperature()).toPlainString()));
        }
        if (recipe.timeoutSeconds() != null) {
            item.put("timeoutSeconds", n(recipe.timeoutSeconds()));
        }
        item.put("version", n(recipe.version()));
        putIfPresent(item, "createdAt", recipe.createdAt());
        putIfPresent(item, "updatedAt", recipe.updatedAt());
        return item;
    }

    private static void putSelection(Map<String, AttributeValue> item, String prefix, ModelSelection selection) {
        item.put(prefix + "provider", s(selection.provider()));
        item.put(prefix + "model", s(selection.model()));
        item.put(prefix + "keyId", s(selection.keyId()));
    }

    private Recipe fromItem(Map<String, AttributeValue> item) {
        return fromItem(item, mapper);
    }

    /** A stored recipe item as a recipe (also for a run's batched read); schemas are parsed with {@code mapper}. */
    public static Recipe fromItem(Map<String, AttributeValue> item, ObjectMapper mapper) {
        ModelSelection fallback = item.containsKey("fallback.provider")
                ? new ModelSelection(string(item, "fallback.provider"), string(item, "fallback.model"),
                string(item, "fallback.keyId")) : null;
        Long maxOutputTokens = nullableNumber(item, "maxOutputTokens");
        Long timeout = nullableNumber(item, "timeoutSeconds");
        AttributeValue temperature = item.get("temperature");
        return new Recipe(string(item, "recipeId"), string(item, "name"), string(item, "department"),
                string(item, "system"), string(item, "template"), object(string(item, "inputSchema"), mapper),
                object(string(item, "outputSchema"), mapper),
                new ModelSelection(string(item, "provider"), string(item, "model"), string(item, "keyId")),
                new RecipeParameters(maxOutputTokens == null ? null : maxOutputTokens.intValue(),
                        temperature == null ? null : Double.valueOf(temperature.n())),
                timeout == null ? null : timeout.intValue(), fallback, (int) number(item, "version"),
                instant(item, "createdAt"), instant(item, "updatedAt"));
    }

    private String json(Map<String, Object> value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("schema could not be serialised", e);
        }
    }

    private static Map<String, Object> object(String json, ObjectMapper mapper) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored schema is not JSON", e);
        }
    }
}
