package dev.byok.testing.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads every item of the table as text, for tests that prove a secret, prompt, input or output was never stored.
 * Uses Scan on purpose (the product never does): the point is to look everywhere, including binary attributes.
 */
public final class TableInspector {
    private final DynamoDbClient dynamo;
    private final String table;

    public TableInspector(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static TableInspector of(LocalAws aws) {
        return new TableInspector(aws.dynamoDb(), aws.resources().tableName());
    }

    /** Every item rendered as text; binary attributes rendered both as UTF-8 and as hex-free raw bytes. */
    public List<String> itemsAsText() {
        List<String> items = new ArrayList<>();
        dynamo.scanPaginator(request -> request.tableName(table)).items()
                .forEach(item -> items.add(render(item)));
        return items;
    }

    public List<Map<String, AttributeValue>> items() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(request -> request.tableName(table)).items().forEach(items::add);
        return items;
    }

    /** The items (as text) that contain {@code needle} anywhere. */
    public List<String> itemsContaining(String needle) {
        return itemsAsText().stream().filter(text -> text.contains(needle)).toList();
    }

    private static String render(Map<String, AttributeValue> item) {
        StringBuilder text = new StringBuilder(item.toString());
        item.values().forEach(value -> appendBinary(text, value));
        return text.toString();
    }

    private static void appendBinary(StringBuilder text, AttributeValue value) {
        if (value.b() != null) {
            text.append(" B:").append(new String(value.b().asByteArray(), StandardCharsets.UTF_8));
        }
        if (value.hasM()) {
            value.m().values().forEach(inner -> appendBinary(text, inner));
        }
        if (value.hasL()) {
            value.l().forEach(inner -> appendBinary(text, inner));
        }
    }
}
