package dev.byok.benchmarks.usage;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * What the DynamoDB Query calls made through a client returned, as the SDK received it: calls (pages), items, items
 * DynamoDB evaluated, response bytes, and the responses themselves (so the same answer can be replayed in process).
 * Not thread-safe: one query at a time.
 */
final class QueryMeter implements ExecutionInterceptor {
    private int calls;
    private long items;
    private long scanned;
    private long bytes;
    private final List<QueryResponse> responses = new ArrayList<>();

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof QueryRequest) {
            bytes += context.httpResponse().firstMatchingHeader("Content-Length").map(Long::parseLong).orElse(0L);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.response() instanceof QueryResponse response) {
            calls++;
            items += response.count();
            scanned += response.scannedCount();
            responses.add(response);
        }
    }

    /** What was measured since the last reset. */
    Reading take() {
        Reading reading = new Reading(calls, items, scanned, bytes, List.copyOf(responses));
        calls = 0;
        items = 0;
        scanned = 0;
        bytes = 0;
        responses.clear();
        return reading;
    }

    /** One query's reading: Query calls (pages), items returned and evaluated, response bytes, the pages. */
    record Reading(int calls, long items, long scanned, long bytes, List<QueryResponse> pages) {
    }
}
