package dev.byok.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The artifacts the template deploys: they exist where CodeUri says, hold their handler, and stay small. */
class LambdaArtifactTest {

    /** Lambda's own limit is 50 MB zipped; a larger jar would mean a provider SDK or native client crept in. */
    private static final long MAX_JAR_BYTES = 30L * 1024 * 1024;

    private static final CloudFormationTemplate TEMPLATE = CloudFormationTemplate.read(DeploymentFiles.template());

    @SuppressWarnings("unused") // used by @FieldSource
    private static final List<String> FUNCTIONS = DeployedFunctions.ALL;

    @ParameterizedTest(name = "{0}")
    @FieldSource("FUNCTIONS")
    void the_handler_class_is_inside_the_jar_that_code_uri_names(String function, TestReporter reporter)
            throws IOException {
        Path jar = jarOf(function);
        String handler = TEMPLATE.functionProperty(function, "Handler").asText();
        String entry = handler.replace('.', '/') + ".class";

        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertTrue(zip.getEntry(entry) != null, () -> jar + " has no " + entry);
        }
        reporter.publishEntry(function, jar.getFileName() + " contains " + handler);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("FUNCTIONS")
    void the_jar_is_at_most_30_mb(String function, TestReporter reporter) throws IOException {
        Path jar = jarOf(function);
        long size = Files.size(jar);
        String report = String.format(Locale.ROOT, "%s: %,d bytes (%.1f MB)", jar.getFileName(), size,
                size / 1024.0 / 1024.0);
        reporter.publishEntry(function, report);
        System.out.println("[artifact] " + report);

        assertTrue(size <= MAX_JAR_BYTES, () -> report + " exceeds 30 MB");
    }

    private static Path jarOf(String function) {
        String codeUri = TEMPLATE.functionProperty(function, "CodeUri").asText();
        assertTrue(codeUri.endsWith(".jar"), () -> function + " CodeUri is not a jar: " + codeUri);
        Path jar = DeploymentFiles.repositoryRoot().resolve(codeUri);
        assertTrue(Files.isRegularFile(jar),
                () -> jar + " does not exist: run `mvn -B package -DskipTests` at the repository root first");
        return jar;
    }
}
