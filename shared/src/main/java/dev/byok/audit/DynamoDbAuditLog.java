package dev.byok.audit;

import dev.byok.aws.TableConfiguration;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.List;
import java.util.Map;

import static dev.byok.aws.ItemAttributes.PK;
import static dev.byok.aws.ItemAttributes.SK;
import static dev.byok.aws.ItemAttributes.s;
import static dev.byok.aws.ItemAttributes.string;

/**
 * {@link AuditLog} on the single table: one {@code Query} of the caller's partition over the {@code AUDIT#} sort keys,
 * newest first. The start key is always built from the caller's own partition key, so a continuation can only ever
 * move inside that partition.
 */
@Singleton
public class DynamoDbAuditLog implements AuditLog {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbAuditLog(DynamoDbClient dynamo, TableConfiguration configuration) {
        this.dynamo = dynamo;
        this.table = configuration.name();
    }

    @Override
    public Page page(TenantId tenant, int limit, String afterSortKey) {
        Map<String, AttributeValue> startKey = afterSortKey == null ? null
                : Map.of(PK, s(tenant.partitionKey()), SK, s(afterSortKey));
        QueryResponse response = dynamo.query(request -> request.tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(tenant.partitionKey()), ":prefix",
                        s(AuditItems.SK_PREFIX)))
                .scanIndexForward(false)
                .limit(limit)
                .exclusiveStartKey(startKey));
        List<AuditEvent> events = response.items().stream().map(AuditItems::fromItem).toList();
        String last = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? string(response.lastEvaluatedKey(), SK) : null;
        return new Page(events, last);
    }
}
