package dev.byok.benchmarks.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * The yardstick for cold start: the smallest honest API Gateway handler that uses the AWS SDK — no framework, a
 * DynamoDB client with the URL-connection HTTP client built once per execution environment, one {@code GetItem} per
 * request. The benchmarks module shades it alone into {@code target/baseline-lambda.jar}; it is never deployed.
 */
public final class PlainDynamoDbHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final DynamoDbClient dynamoDb;
    private final String tableName;

    /** What Lambda calls: region, credentials and endpoint from the SDK's default chains, the table from the env. */
    public PlainDynamoDbHandler() {
        this(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                System.getenv("BYOK_TABLE_NAME"));
    }

    PlainDynamoDbHandler(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String tenant = event.getRequestContext().getAuthorizer().getJwt().getClaims().get("custom:tenant");
        boolean found = dynamoDb.getItem(r -> r.tableName(tableName).key(Map.of(
                "pk", AttributeValue.fromS("TENANT#" + tenant),
                "sk", AttributeValue.fromS("KEY#baseline")))).hasItem();
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(found ? 200 : 404)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("{\"found\":" + found + "}")
                .build();
    }
}
