package dev.byok.benchmarks.usage;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.paginators.QueryIterable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A DynamoDB client that answers Query calls instantly with pages recorded from a real answer (page by page, by
 * {@code ExclusiveStartKey}): the usage adapter and service then run entirely in process, so their own time can be
 * measured apart from the emulator's.
 */
final class ReplayedQueries implements DynamoDbClient {
    private final Map<Map<String, AttributeValue>, QueryResponse> pages = new HashMap<>();
    private final QueryResponse first;

    ReplayedQueries(List<QueryResponse> recorded) {
        if (recorded.isEmpty()) {
            throw new IllegalArgumentException("no recorded Query page");
        }
        first = recorded.get(0);
        for (int i = 1; i < recorded.size(); i++) {
            pages.put(recorded.get(i - 1).lastEvaluatedKey(), recorded.get(i));
        }
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        if (!request.hasExclusiveStartKey() || request.exclusiveStartKey().isEmpty()) {
            return first;
        }
        QueryResponse page = pages.get(request.exclusiveStartKey());
        if (page == null) {
            throw new IllegalStateException("no recorded page after " + request.exclusiveStartKey());
        }
        return page;
    }

    @Override
    public QueryIterable queryPaginator(QueryRequest request) {
        return new QueryIterable(this, request);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
