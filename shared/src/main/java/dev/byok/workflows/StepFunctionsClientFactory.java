package dev.byok.workflows;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.time.Duration;

/**
 * The Step Functions client of the workflows function, built once per execution environment like the other SDK
 * clients (region, credentials and endpoint from the SDK's default chains). It has its own HTTP client because
 * {@code StartSyncExecution} answers only when the run ends: reads wait up to {@link #CALL_TIMEOUT}, which is longer
 * than the state machine's own timeout and shorter than the function's. It never retries: a retried
 * {@code StartSyncExecution} would start the run again.
 */
@Factory
@Requires(property = WorkflowsConfiguration.RUNNER_PROPERTY, value = WorkflowsConfiguration.STEP_FUNCTIONS)
public class StepFunctionsClientFactory {
    /** {@link WorkflowLimits#RUN_TIMEOUT} plus a second: the state machine times out first and says so. */
    static final Duration CALL_TIMEOUT = WorkflowLimits.RUN_TIMEOUT.plusSeconds(1);

    @Singleton
    @Bean(preDestroy = "close")
    SfnClient sfnClient() {
        return SfnClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(CALL_TIMEOUT))
                .overrideConfiguration(configuration -> configuration
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(CALL_TIMEOUT))
                .build();
    }
}
