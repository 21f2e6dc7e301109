package dev.byok.benchmarks;

import dev.byok.testing.aws.LocalAwsBootstrap;
import dev.byok.testing.aws.LocalAwsResources;
import dev.byok.testing.aws.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * moto on a free loopback port with the application's resources created (table, KMS key, fingerprint secret), for
 * measurements that run the real artifacts. The emulator's latency is not AWS's: measurements of our own overhead
 * use the in-memory fakes instead.
 */
public final class LocalAwsEnvironment implements AutoCloseable {
    /** Region the resources live in and the functions are told (any region works against moto). */
    public static final String REGION = "us-east-1";
    private static final String ACCESS_KEY = "benchmark";
    private static final String SECRET_KEY = "benchmark";

    private final MotoServer moto;
    private final LocalAwsResources resources;

    private LocalAwsEnvironment(MotoServer moto, LocalAwsResources resources) {
        this.moto = moto;
        this.resources = resources;
    }

    /** Starts moto and bootstraps the resources under their default local names. */
    public static LocalAwsEnvironment start() {
        MotoServer moto = MotoServer.start();
        try {
            StaticCredentialsProvider credentials =
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
            Region region = Region.of(REGION);
            try (DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(region)
                         .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
                 KmsClient kms = KmsClient.builder().endpointOverride(moto.endpoint()).region(region)
                         .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
                 SecretsManagerClient secrets = SecretsManagerClient.builder().endpointOverride(moto.endpoint())
                         .region(region).credentialsProvider(credentials)
                         .httpClient(UrlConnectionHttpClient.create()).build()) {
                return new LocalAwsEnvironment(moto, new LocalAwsBootstrap(dynamoDb, kms, secrets).bootstrap());
            }
        } catch (RuntimeException e) {
            moto.close();
            throw e;
        }
    }

    /** A DynamoDB client for these resources, with {@code interceptors} (e.g. to count what a Query returned). */
    public DynamoDbClient dynamoDb(ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> List.of(interceptors).forEach(c::addExecutionInterceptor))
                .build();
    }

    public URI endpoint() {
        return moto.endpoint();
    }

    public LocalAwsResources resources() {
        return resources;
    }

    /** AWS calls received so far, by action (see {@link MotoServer#requestCounts()}). */
    public Map<String, Long> requestCounts() {
        return moto.requestCounts();
    }

    /** Clears the request counts. */
    public void resetRequestCounts() {
        moto.resetRequestCounts();
    }

    /**
     * The environment a process needs to reach these resources the way a function reaches AWS: region, credentials
     * and {@code AWS_ENDPOINT_URL}, which the SDK reads by itself.
     */
    public Map<String, String> processEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        return env;
    }

    @Override
    public void close() {
        moto.close();
    }
}
