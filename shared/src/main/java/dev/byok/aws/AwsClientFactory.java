package dev.byok.aws;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Duration;

/**
 * AWS SDK clients, built once per execution environment and shared by every request. Region and credentials come
 * from the SDK's default chains (Lambda sets them); the endpoint comes from the standard {@code AWS_ENDPOINT_URL}
 * setting when present, which is how the same build talks to moto, LocalStack or AWS with no code of ours involved.
 * The URL-connection HTTP client keeps the artifact small and starts fast.
 */
@Factory
public class AwsClientFactory {

    @Singleton
    @Bean(preDestroy = "close")
    SdkHttpClient sdkHttpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    DynamoDbClient dynamoDbClient(SdkHttpClient httpClient) {
        return DynamoDbClient.builder().httpClient(httpClient).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    KmsClient kmsClient(SdkHttpClient httpClient) {
        return KmsClient.builder().httpClient(httpClient).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    SecretsManagerClient secretsManagerClient(SdkHttpClient httpClient) {
        return SecretsManagerClient.builder().httpClient(httpClient).build();
    }
}
