package dev.byok.deployment;

import dev.byok.deployment.probe.InitProbe;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.WithLocalAws;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SnapStart snapshots the execution environment right after initialisation and restores that snapshot in every new
 * environment, so whatever initialisation creates is shared by all of them. Each function's artifact is initialised
 * here in a fresh JVM exactly as Lambda would (handler class from template.yaml, configuration from environment
 * variables) and must not, during initialisation:
 * <ul>
 *   <li>call AWS at all (no secret fetched, no key decrypted, no tenant item read: nothing tenant-specific or secret
 *       can end up in the snapshot);</li>
 *   <li>create the random sources behind ids and IVs ({@code Ids$Holder}) or {@code UUID.randomUUID()}'s.</li>
 * </ul>
 */
@WithLocalAws
class SnapStartInitialisationTest {
    /** Classes whose initialisation means random state was created; JVM class-init logging reports them. */
    private static final List<String> RANDOM_STATE = List.of("dev.byok.ids.Ids$Holder", "java.util.UUID$Holder");

    static List<String> functions() {
        return DeployedFunctions.ALL;
    }

    @ParameterizedTest
    @MethodSource("functions")
    void initialisation_calls_no_aws_service_and_creates_no_random_state(String function, LocalAws aws)
            throws Exception {
        CloudFormationTemplate template = CloudFormationTemplate.read(DeploymentFiles.template());
        String handler = template.functionProperty(function, "Handler").asText();
        Path jar = DeploymentFiles.repositoryRoot().resolve(template.functionProperty(function, "CodeUri").asText());
        Path probeClasses = Path.of(InitProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path classInitLog = Files.createTempFile("byok-class-init-", ".log");

        List<String> command = new ArrayList<>(List.of(javaExecutable(),
                "-Xlog:class+init=info:file=" + classInitLog,
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-cp", jar + File.pathSeparator + probeClasses, InitProbe.class.getName(), handler));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("BYOK_"));
        environment.putAll(Map.of(
                "AWS_ENDPOINT_URL", aws.endpoint().toString(),
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_LAMBDA_FUNCTION_NAME", function,
                "BYOK_TABLE_NAME", aws.resources().tableName(),
                "BYOK_KMS_KEY_ID", aws.resources().kmsKeyArn(),
                "BYOK_FINGERPRINT_SECRET_ID", aws.resources().fingerprintSecretArn(),
                "BYOK_TENANT_CLAIM", "custom:tenant"));
        environment.putAll(ownEnvironment(template, function));

        aws.moto().resetRequestCounts();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "initialisation finishes");
        assertTrue(output.contains(InitProbe.DONE), "the handler initialised:\n" + output);

        assertEquals(Map.of(), aws.moto().requestCounts(), "AWS requests made during initialisation");
        String initialised = Files.readString(classInitLog);
        for (String random : RANDOM_STATE) {
            assertTrue(!initialised.contains(random.replace('.', '/')) && !initialised.contains(random),
                    random + " was initialised during initialisation");
        }
        assertTrue(initialised.contains("io/micronaut") || initialised.contains("io.micronaut"),
                "the class-init log is working (it must list Micronaut's classes)");
        Files.delete(classInitLog);
    }

    /**
     * The function's own variables from template.yaml, as Lambda would set them: literal values as they are, a
     * reference to a state machine as an ARN of that shape (the workflows function needs one to start).
     */
    private static Map<String, String> ownEnvironment(CloudFormationTemplate template, String function) {
        Map<String, String> variables = new java.util.HashMap<>();
        template.root().path("Resources").path(function).path("Properties").path("Environment").path("Variables")
                .properties().forEach(variable -> {
                    var value = variable.getValue();
                    String referenced = value.path("Ref").asText();
                    if (value.isTextual()) {
                        variables.put(variable.getKey(), value.asText());
                    } else if (template.root().path("Resources").path(referenced).path("Type").asText()
                            .endsWith("::StateMachine")) {
                        variables.put(variable.getKey(), "arn:aws:states:us-east-1:123456789012:stateMachine:"
                                + referenced);
                    }
                });
        return variables;
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    }
}
