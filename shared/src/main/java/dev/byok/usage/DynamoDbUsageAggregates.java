package dev.byok.usage;

import dev.byok.aws.TableConfiguration;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.byok.aws.ItemAttributes.s;

/** Reads aggregate items with one paginated Query on the tenant's partition, bounded by the day range. */
@Singleton
public class DynamoDbUsageAggregates implements UsageAggregates {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbUsageAggregates(DynamoDbClient dynamo, TableConfiguration configuration) {
        this.dynamo = dynamo;
        this.table = configuration.name();
    }

    @Override
    public List<DailyAggregate> read(TenantId tenant, LocalDate from, LocalDate to) {
        QueryRequest query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", s(tenant.partitionKey()),
                        ":from", s(AggregateItems.rangeStart(from)), ":to", s(AggregateItems.rangeEnd(to))))
                .build();
        List<DailyAggregate> aggregates = new ArrayList<>();
        dynamo.queryPaginator(query).items().forEach(item -> aggregates.add(AggregateItems.fromItem(item)));
        return aggregates;
    }
}
