package dev.byok.benchmarks.overhead;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.byok.benchmarks.lambda.SamFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverheadMeasurementTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A probe whose runs took {@code overheadMicros} more than their provider exchange of 300 µs. */
    private static OverheadMeasurement.ProbeResult probe(long... overheadMicros) {
        ObjectNode json = JSON.createObjectNode();
        ArrayNode total = json.putArray("totalNanos");
        ArrayNode provider = json.putArray("providerNanos");
        ArrayNode direct = json.putArray("directNanos");
        for (long micros : overheadMicros) {
            total.add((micros + 300) * 1_000);
            provider.add(300_000);
            direct.add(290_000);
        }
        return new OverheadMeasurement.ProbeResult(new OverheadMeasurement.JvmConfiguration("test", List.of()), json);
    }

    private static OverheadMeasurement.CallCount warm(double batchGets, double gets, double decrypts) {
        return new OverheadMeasurement.CallCount("warm run", 20, Map.of("DynamoDB_20120810.BatchGetItem", batchGets,
                "DynamoDB_20120810.GetItem", gets, "DynamoDB_20120810.TransactWriteItems", 1.0,
                "TrentService.Decrypt", decrypts));
    }

    @Test
    void the_probe_runs_once_with_the_functions_jvm_options_and_once_with_the_jdks_defaults(@TempDir Path dir)
            throws Exception {
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, """
                Globals:
                  Function:
                    MemorySize: 1024
                    Environment:
                      Variables:
                        JAVA_TOOL_OPTIONS: -XX:+TieredCompilation -XX:TieredStopAtLevel=1
                Resources:
                  RecipeExecutionFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: functions/recipe-execution/target/recipe-execution-lambda.jar
                      Handler: example.Handler
                """);
        SamFunction function = SamFunction.read(template).get(0);

        List<OverheadMeasurement.JvmConfiguration> jvms = OverheadMeasurement.jvmConfigurations(function);

        assertEquals(List.of("-XX:MaxHeapSize=891289k", "-XX:+UseSerialGC", "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1"), jvms.get(0).options());
        assertEquals(List.of("-XX:MaxHeapSize=891289k", "-XX:+UseSerialGC"), jvms.get(1).options());
    }

    @Test
    void overhead_is_each_runs_total_minus_its_own_provider_time() {
        OverheadMeasurement.ProbeResult probe = probe(400, 900, 2_000);

        assertEquals(900, probe.overheadMicros().percentile(50), 1e-9);
        assertEquals(2_000, probe.overheadMicros().max(), 1e-9);
    }

    @Test
    void the_reading_says_met_only_when_p50_and_p99_are_both_within_target() {
        long[] fast = new long[100];
        java.util.Arrays.fill(fast, 800);
        long[] slowTail = fast.clone();
        slowTail[98] = 6_000;
        slowTail[99] = 6_000;

        String met = OverheadMeasurement.reading(List.of(probe(fast)), List.of(warm(1, 0, 0)));
        String missed = OverheadMeasurement.reading(List.of(probe(slowTail)), List.of(warm(1, 0, 0)));

        assertTrue(met.contains("**met**, p50 = 800 µs, **met**, p99 = 800 µs"), met);
        assertTrue(missed.contains("**met**, p50 = 800 µs, **missed**, p99 = 6000 µs"), missed);
    }

    @Test
    void a_warm_run_meets_the_aws_target_only_with_two_dynamodb_round_trips_and_no_kms_call() {
        String met = OverheadMeasurement.reading(List.of(probe(800)), List.of(warm(1, 0, 0)));
        String threeTrips = OverheadMeasurement.reading(List.of(probe(800)), List.of(warm(1, 1, 0)));
        String decrypts = OverheadMeasurement.reading(List.of(probe(800)), List.of(warm(1, 0, 0.05)));

        assertTrue(met.contains("2 DynamoDB round trips and 0 KMS calls: **met**"), met);
        assertTrue(threeTrips.contains("3 DynamoDB round trips and 0 KMS calls: **missed**"), threeTrips);
        assertFalse(decrypts.contains(": **met**. "), decrypts);
    }

    @Test
    void aws_actions_are_shown_as_service_and_operation() {
        assertEquals("DynamoDB.BatchGetItem", OverheadMeasurement.shortName("DynamoDB_20120810.BatchGetItem"));
        assertEquals("KMS.Decrypt", OverheadMeasurement.shortName("TrentService.Decrypt"));
        assertEquals("SecretsManager.GetSecretValue",
                OverheadMeasurement.shortName("secretsmanager.GetSecretValue"));
        assertEquals("0.05", OverheadMeasurement.trim(0.05));
        assertEquals("2", OverheadMeasurement.trim(2.0));
    }
}
