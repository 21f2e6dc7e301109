package dev.byok.aws;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
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
 *
 * <p>Every call is bounded: an attempt that gets no answer within {@link #ATTEMPT_TIMEOUT} is abandoned and the whole
 * call, retries included, within {@link #CALL_TIMEOUT}. A service that hangs therefore fails the request with a 503
 * problem before the shortest Lambda timeout (usage-query's 10 s) cuts the function off with API Gateway's bare 503;
 * without a bound the SDK's retries of a 10 s socket timeout took about 40 s.
 */
@Factory
public class AwsClientFactory {
    /** One attempt: DynamoDB, KMS and Secrets Manager answer in milliseconds when they are well. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    /** One call with its retries: below the shortest function timeout in template.yaml. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(9);

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
        return DynamoDbClient.builder().httpClient(httpClient).overrideConfiguration(bounded()).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    KmsClient kmsClient(SdkHttpClient httpClient) {
        return KmsClient.builder().httpClient(httpClient).overrideConfiguration(bounded()).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    SecretsManagerClient secretsManagerClient(SdkHttpClient httpClient) {
        return SecretsManagerClient.builder().httpClient(httpClient).overrideConfiguration(bounded()).build();
    }

    static ClientOverrideConfiguration bounded() {
        return ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .apiCallTimeout(CALL_TIMEOUT)
                .build();
    }
}
