package dev.byok.runs;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DynamoDB client whose first {@code conflicts} transactions are cancelled the way DynamoDB cancels a transaction
 * that touched an item another transaction was writing (reason {@code TransactionConflict} on the aggregate, the
 * second item; nothing written). Later transactions go to the real client (moto). moto never produces this
 * cancellation itself.
 */
final class ContendedDynamoDb implements DynamoDbClient {
    private final DynamoDbClient delegate;
    private final int conflicts;
    private final AtomicInteger calls = new AtomicInteger();

    ContendedDynamoDb(DynamoDbClient delegate, int conflicts) {
        this.delegate = delegate;
        this.conflicts = conflicts;
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        if (calls.incrementAndGet() <= conflicts) {
            throw (TransactionCanceledException) TransactionCanceledException.builder()
                    .message("Transaction cancelled, please refer cancellation reasons for specific reasons "
                            + "[None, TransactionConflict]")
                    .cancellationReasons(CancellationReason.builder().code("None").build(),
                            CancellationReason.builder().code("TransactionConflict")
                                    .message("Transaction is ongoing for the item").build())
                    .statusCode(400)
                    .build();
        }
        return delegate.transactWriteItems(request);
    }

    /** Transactions attempted through this client, cancelled ones included. */
    int calls() {
        return calls.get();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
