package dev.byok.testing.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.util.Map;

/**
 * The local AWS of this JVM: the shared {@link MotoServer}, the resources created by {@link LocalAwsBootstrap}, and
 * ready SDK clients for tests to inspect what the application wrote (e.g. scan the whole table to prove no secret
 * leaked).
 *
 * <p>{@link #shared()} is what {@link LocalAwsExtension} uses; call it directly where an extension cannot run first,
 * e.g. in a Micronaut {@code TestPropertyProvider}: {@code return LocalAws.shared().applicationProperties();}.
 */
public final class LocalAws {

    /** System property the AWS SDK v2 reads as its endpoint (set to moto's endpoint). */
    public static final String ENDPOINT_PROPERTY = "aws.endpointUrl";
    /** Region used when {@code aws.region} is not already set. */
    public static final String DEFAULT_REGION = "us-east-1";

    private static LocalAws shared;

    private final MotoServer moto;
    private final LocalAwsResources resources;
    private final DynamoDbClient dynamoDb;
    private final KmsClient kms;
    private final SecretsManagerClient secretsManager;

    private LocalAws(MotoServer moto, LocalAwsResources resources, DynamoDbClient dynamoDb, KmsClient kms,
                     SecretsManagerClient secretsManager) {
        this.moto = moto;
        this.resources = resources;
        this.dynamoDb = dynamoDb;
        this.kms = kms;
        this.secretsManager = secretsManager;
    }

    /**
     * Once per JVM: starts {@link MotoServer#shared()}, sets the system properties {@code aws.endpointUrl} (moto),
     * {@code aws.region} ({@value #DEFAULT_REGION} unless set) and {@code aws.accessKeyId}/{@code aws.secretAccessKey}
     * ({@code test} unless set), then runs the bootstrap with the default names. Later calls return the same object
     * (unless the shared moto was closed, then everything is created again).
     */
    public static synchronized LocalAws shared() {
        if (shared != null && shared.moto.isRunning()) {
            return shared;
        }
        MotoServer moto = MotoServer.shared();
        System.setProperty(ENDPOINT_PROPERTY, moto.endpoint().toString());
        setIfAbsent("aws.region", DEFAULT_REGION);
        setIfAbsent("aws.accessKeyId", "test");
        setIfAbsent("aws.secretAccessKey", "test");
        DynamoDbClient dynamoDb = AwsClients.dynamoDb();
        KmsClient kms = AwsClients.kms();
        SecretsManagerClient secretsManager = AwsClients.secretsManager();
        LocalAwsResources resources = new LocalAwsBootstrap(dynamoDb, kms, secretsManager).bootstrap();
        shared = new LocalAws(moto, resources, dynamoDb, kms, secretsManager);
        return shared;
    }

    private static void setIfAbsent(String name, String value) {
        String current = System.getProperty(name);
        if (current == null || current.isBlank()) {
            System.setProperty(name, value);
        }
    }

    public LocalAwsResources resources() {
        return resources;
    }

    /** moto's endpoint, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return moto.endpoint();
    }

    public MotoServer moto() {
        return moto;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public KmsClient kms() {
        return kms;
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager;
    }

    /** Same as {@link LocalAwsResources#applicationProperties()}. */
    public Map<String, String> applicationProperties() {
        return resources.applicationProperties();
    }

    /** KMS calls made to this moto by anyone in this JVM (the application's own clients included). */
    public KmsRequestCounter kmsRequests() {
        return new KmsRequestCounter(moto);
    }
}
