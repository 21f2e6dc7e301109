package dev.byok.deployment;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool (cfn-lint, python3) with a bounded run time and captures what it printed. */
final class ExternalTool {

    /** What a finished tool left behind. */
    record Result(int exitCode, String stdout, String stderr) {

        /** Both streams, for a failure message. */
        String output() {
            return (stdout + System.lineSeparator() + stderr).strip();
        }
    }

    private ExternalTool() {
    }

    /** Runs {@code command} in {@code directory}; fails (and kills the tool) when it outlives {@code timeout}. */
    static Result run(List<String> command, Path directory, Duration timeout) {
        try {
            Path out = Files.createTempFile("byok-tool-", ".out");
            Path err = Files.createTempFile("byok-tool-", ".err");
            try {
                // Output goes to files, not pipes: a chatty tool can never block on a full pipe buffer.
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                // The build blanks AWS_PROFILE and friends so tests never reach a real account; botocore (inside
                // cfn-lint and the SAM translator) refuses an empty profile name, so blank ones are dropped. These
                // tools work offline either way.
                builder.environment().entrySet()
                        .removeIf(variable -> variable.getKey().startsWith("AWS_") && variable.getValue().isBlank());
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                            + System.lineSeparator() + Files.readString(out, StandardCharsets.UTF_8)
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** The cfn-lint command: the binary when it is on PATH, else the Python module. */
    static List<String> cfnLint() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "cfn-lint"))) {
                return new ArrayList<>(List.of(Path.of(directory, "cfn-lint").toString()));
            }
        }
        return new ArrayList<>(List.of(python(), "-m", "cfnlint"));
    }

    /** The Python interpreter with cfn-lint and aws-sam-translator installed (override with BYOK_PYTHON). */
    static String python() {
        return System.getenv().getOrDefault("BYOK_PYTHON", "python3");
    }
}
