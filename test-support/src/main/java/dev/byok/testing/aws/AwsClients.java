package dev.byok.testing.aws;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * SDK v2 clients built exactly like production builds them: {@link UrlConnectionHttpClient}, region, credentials and
 * endpoint from the SDK's default chains. No {@code endpointOverride}: the SDK itself reads the {@code aws.endpointUrl}
 * system property or the {@code AWS_ENDPOINT_URL} environment variable, which is how tests reach moto.
 */
public final class AwsClients {

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static KmsClient kms() {
        return KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static SecretsManagerClient secretsManager() {
        return SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }
}
