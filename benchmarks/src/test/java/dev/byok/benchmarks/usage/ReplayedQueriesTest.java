package dev.byok.benchmarks.usage;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReplayedQueriesTest {

    private static Map<String, AttributeValue> item(String sk) {
        return Map.of("pk", AttributeValue.fromS("TENANT#t"), "sk", AttributeValue.fromS(sk));
    }

    @Test
    void a_paginated_answer_is_replayed_page_by_page_as_the_paginator_asks_for_it() {
        QueryResponse first = QueryResponse.builder().items(item("AGG#2026-11-01#a"), item("AGG#2026-11-01#b"))
                .count(2).lastEvaluatedKey(item("AGG#2026-11-01#b")).build();
        QueryResponse second = QueryResponse.builder().items(item("AGG#2026-11-02#a")).count(1).build();
        ReplayedQueries replay = new ReplayedQueries(List.of(first, second));

        List<String> read = replay.queryPaginator(QueryRequest.builder().tableName("t").build()).items().stream()
                .map(i -> i.get("sk").s()).toList();

        assertEquals(List.of("AGG#2026-11-01#a", "AGG#2026-11-01#b", "AGG#2026-11-02#a"), read);
    }
}
