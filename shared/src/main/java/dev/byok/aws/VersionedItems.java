package dev.byok.aws;

import dev.byok.tenancy.TenantId;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.byok.aws.ItemAttributes.PK;
import static dev.byok.aws.ItemAttributes.SK;
import static dev.byok.aws.ItemAttributes.n;
import static dev.byok.aws.ItemAttributes.s;

/**
 * The items of one kind in a tenant's partition ({@code sk = <prefix><id>}) that are created once, read strongly
 * consistent, listed by prefix, replaced only at the {@code version} that was read, and deleted: the storage
 * mechanics the recipe and workflow repositories share. The repositories map their items; this class only moves them.
 */
public final class VersionedItems {
    private final DynamoDbClient dynamo;
    private final String table;
    private final String skPrefix;
    private final String kind;

    /**
     * @param skPrefix the sort-key prefix of the kind, e.g. {@code RECIPE#}
     * @param kind     the kind's name for the rare id collision's message, e.g. {@code recipe}
     */
    public VersionedItems(DynamoDbClient dynamo, String table, String skPrefix, String kind) {
        this.dynamo = dynamo;
        this.table = table;
        this.skPrefix = skPrefix;
        this.kind = kind;
    }

    /** The primary key of item {@code id} in the tenant's partition. */
    public static Map<String, AttributeValue> keyOf(TenantId tenant, String skPrefix, String id) {
        return Map.of(PK, s(tenant.partitionKey()), SK, s(skPrefix + id));
    }

    /** Puts a new item; an item already under its key (an id collision) is an {@link IllegalStateException}. */
    public void create(Map<String, AttributeValue> item) {
        try {
            dynamo.putItem(request -> request.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException(kind + " id collision", e);
        }
    }

    /** The item with this id, read strongly consistent. */
    public Optional<Map<String, AttributeValue>> find(TenantId tenant, String id) {
        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table)
                .key(keyOf(tenant, skPrefix, id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** Every item of the kind in the tenant's partition, all pages. */
    public List<Map<String, AttributeValue>> list(TenantId tenant) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        QueryRequest query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(tenant.partitionKey()), ":prefix", s(skPrefix)))
                .build();
        dynamo.queryPaginator(query).items().forEach(items::add);
        return items;
    }

    /** Replaces an existing item only while its stored version is {@code expectedVersion}; false otherwise. */
    public boolean replace(Map<String, AttributeValue> item, int expectedVersion) {
        try {
            dynamo.putItem(request -> request.tableName(table).item(item)
                    .conditionExpression("attribute_exists(pk) AND version = :expected")
                    .expressionAttributeValues(Map.of(":expected", n(expectedVersion))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Deletes the item; whether there was one. */
    public boolean delete(TenantId tenant, String id) {
        Map<String, AttributeValue> old = dynamo.deleteItem(request -> request.tableName(table)
                .key(keyOf(tenant, skPrefix, id)).returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }
}
