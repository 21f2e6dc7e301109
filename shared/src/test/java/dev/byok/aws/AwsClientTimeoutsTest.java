package dev.byok.aws;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dependency that accepts connections and never answers must fail the call within {@link
 * AwsClientFactory#CALL_TIMEOUT}, retries included, so that the function answers a 503 problem before its own Lambda
 * timeout. Against a loopback socket that reads requests and never writes a byte.
 */
class AwsClientTimeoutsTest {
    private static ServerSocket blackHole;
    private static final List<Socket> held = new CopyOnWriteArrayList<>();
    private static final Map<String, String> SETTINGS = Map.of("aws.region", "us-east-1",
            "aws.accessKeyId", "test", "aws.secretAccessKey", "test");

    @BeforeAll
    static void openBlackHole() throws IOException {
        blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!blackHole.isClosed()) {
                try {
                    held.add(blackHole.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "black-hole");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    static void closeBlackHole() throws IOException {
        blackHole.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    /** Builds a client the way the factory does, with the standard endpoint setting pointing at the black hole. */
    private static <T> T pointedAtTheBlackHole(Supplier<T> build) {
        Map<String, String> previous = new java.util.HashMap<>();
        Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
        settings.put("aws.endpointUrl", "http://127.0.0.1:" + blackHole.getLocalPort());
        settings.keySet().forEach(name -> previous.put(name, System.getProperty(name)));
        settings.forEach(System::setProperty);
        try {
            return build.get();
        } finally {
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }

    private static void assertFailsWithinTheCallTimeout(Runnable call) {
        long started = System.nanoTime();
        assertThrows(SdkClientException.class, call::run);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        // Unbounded, the SDK retried a 10 s socket timeout for about 40 s.
        assertTrue(took.compareTo(AwsClientFactory.CALL_TIMEOUT.plusSeconds(2)) < 0, "took " + took);
    }

    @Test
    void a_dynamodb_that_never_answers_fails_the_call_within_the_call_timeout() {
        AwsClientFactory factory = new AwsClientFactory();
        try (SdkHttpClient http = factory.sdkHttpClient();
             DynamoDbClient dynamo = pointedAtTheBlackHole(() -> factory.dynamoDbClient(http))) {
            assertFailsWithinTheCallTimeout(() -> dynamo.getItem(request -> request.tableName("byok")
                    .key(Map.of("pk", AttributeValue.fromS("TENANT#acme"), "sk", AttributeValue.fromS("SETTINGS")))));
        }
    }

    @Test
    void a_kms_that_never_answers_fails_the_call_within_the_call_timeout() {
        AwsClientFactory factory = new AwsClientFactory();
        try (SdkHttpClient http = factory.sdkHttpClient();
             KmsClient kms = pointedAtTheBlackHole(() -> factory.kmsClient(http))) {
            assertFailsWithinTheCallTimeout(() -> kms.listAliases());
        }
    }

    @Test
    void a_call_gives_up_before_any_function_in_the_template_times_out() throws IOException {
        Path template = Path.of(System.getProperty("user.dir")).resolveSibling("template.yaml");
        Matcher timeouts = Pattern.compile("(?m)^\\s+Timeout: (\\d+)\\s*$").matcher(Files.readString(template));
        List<Integer> seconds = new java.util.ArrayList<>();
        while (timeouts.find()) {
            seconds.add(Integer.parseInt(timeouts.group(1)));
        }
        assertTrue(seconds.size() >= 4, "function timeouts found in template.yaml: " + seconds);
        int shortest = seconds.stream().min(Integer::compare).orElseThrow();
        assertTrue(AwsClientFactory.CALL_TIMEOUT.compareTo(Duration.ofSeconds(shortest)) < 0,
                "CALL_TIMEOUT " + AwsClientFactory.CALL_TIMEOUT + " must be below the shortest function timeout, "
                        + shortest + " s");
    }
}
