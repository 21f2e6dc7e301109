package dev.byok.benchmarks.lambda;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts a Lambda artifact the way Lambda's {@code java21} runtime does, without Docker: a fresh JVM running the
 * Lambda runtime interface client ({@code AWSLambda}) with the artifact on its class path, Lambda's reserved
 * environment variables, the function's own variables, and a {@link LocalRuntimeApi} in place of the Lambda service.
 */
public final class LambdaJvm {
    /** The runtime interface client's entry point, as in Lambda's Java runtimes and container base images. */
    public static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final Path java;
    private final List<Path> runtimeClasspath;
    private final Path workDirectory;

    /**
     * @param java             the {@code java} launcher
     * @param runtimeClasspath the runtime interface client and its dependencies
     * @param workDirectory    where each run gets an (empty) task root and its log file
     */
    public LambdaJvm(Path java, List<Path> runtimeClasspath, Path workDirectory) {
        this.java = java;
        this.runtimeClasspath = List.copyOf(runtimeClasspath);
        this.workDirectory = workDirectory;
    }

    /**
     * What to start.
     *
     * @param name        the function name Lambda would report
     * @param artifact    the deployment jar
     * @param handler     the handler class
     * @param memoryMb    the function's memory size (sets the heap like Lambda's launcher does)
     * @param environment the function's environment variables plus how to reach AWS (region, credentials, endpoint)
     * @param logFormat   {@code JSON} or {@code Text}
     * @param logLevel    the application log level, or empty
     */
    public record Spec(String name, Path artifact, String handler, int memoryMb, Map<String, String> environment,
                       String logFormat, String logLevel) {
    }

    /**
     * One cold start.
     *
     * @param outcome     what the runtime posted
     * @param initMillis  process start → first {@code /next} poll (JVM start, runtime client, handler construction)
     * @param totalMillis process start → the first response (or error) fully received
     * @param log         the JVM's stdout and stderr
     * @param cpuMillis   CPU time (user + system, all threads) the JVM had used when the answer arrived, where the
     *                    OS tells; unlike wall time it hardly changes when other work competes for the processors
     * @param classesLoaded classes the JVM loaded in its life (JDK and application), when counted
     */
    public record ColdStart(InvocationOutcome outcome, double initMillis, double totalMillis, Path log,
                            OptionalDouble cpuMillis, OptionalInt classesLoaded) {
    }

    /**
     * Starts a fresh JVM for {@code spec}, delivers {@code eventJson} as its first invocation, waits for the answer,
     * then stops the JVM. With {@code countClasses} the JVM logs every class it loads, which costs time: use it on
     * runs that are not measured.
     *
     * @throws IOException      when the process cannot be started, or exits or times out before it answers (the
     *                          message carries the end of its log)
     */
    public ColdStart coldStart(Spec spec, String eventJson, Duration timeout, String label, boolean countClasses)
            throws IOException, InterruptedException {
        Path runDirectory = workDirectory.resolve(label);
        Path taskRoot = Files.createDirectories(runDirectory.resolve("task"));
        Path log = runDirectory.resolve("output.log");
        Path classLog = runDirectory.resolve("classes-loaded.log");
        Files.deleteIfExists(classLog);
        try (LocalRuntimeApi api = LocalRuntimeApi.start(spec.name())) {
            CompletableFuture<InvocationOutcome> answer = api.invoke(eventJson, timeout);
            ProcessBuilder builder = new ProcessBuilder(command(spec, countClasses ? classLog : null))
                    .directory(taskRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.putAll(environment(spec, api.address(), taskRoot));

            long started = System.nanoTime();
            Process process = builder.start();
            try {
                process.onExit().thenRun(() -> answer.completeExceptionally(
                        new IOException("exited with code " + process.exitValue() + " before answering")));
                InvocationOutcome outcome = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                double init = api.firstPollNanos().isPresent()
                        ? (api.firstPollNanos().getAsLong() - started) / 1e6 : Double.NaN;
                double total = (outcome.receivedAtNanos() - started) / 1e6;
                OptionalDouble cpu = process.info().totalCpuDuration()
                        .map(d -> OptionalDouble.of(d.toNanos() / 1e6)).orElse(OptionalDouble.empty());
                stop(process);
                return new ColdStart(outcome, init, total, log, cpu,
                        countClasses ? countLines(classLog) : OptionalInt.empty());
            } catch (ExecutionException | TimeoutException e) {
                String why = e instanceof TimeoutException ? "did not answer within " + timeout.toSeconds() + " s"
                        : e.getCause().getMessage();
                throw new IOException(spec.name() + " " + why + "; last lines of " + log + ":\n" + tail(log), e);
            } finally {
                stop(process);
            }
        }
    }

    private List<String> command(Spec spec, Path classLog) {
        List<String> classpath = new ArrayList<>();
        classpath.add(spec.artifact().toString());
        runtimeClasspath.forEach(jar -> classpath.add(jar.toString()));
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        // Lambda's launcher sizes the heap at 85 % of the function's memory and uses the serial collector; the
        // function's own flags come through JAVA_TOOL_OPTIONS, exactly as in AWS.
        command.add("-XX:MaxHeapSize=" + (spec.memoryMb() * 1024L * 85 / 100) + "k");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        if (classLog != null) {
            command.add("-Xlog:class+load=info:file=" + classLog);
        }
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath));
        command.add(RUNTIME_MAIN);
        command.add(spec.handler());
        return command;
    }

    private static Map<String, String> environment(Spec spec, String runtimeApi, Path taskRoot) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("_HANDLER", spec.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "benchmark/[$LATEST]" + taskRoot.getParent().getFileName());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_FORMAT", spec.logFormat());
        if (!spec.logLevel().isEmpty()) {
            env.put("AWS_LAMBDA_LOG_LEVEL", spec.logLevel());
        }
        env.putAll(spec.environment());
        return env;
    }

    private static void stop(Process process) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static OptionalInt countLines(Path file) {
        try (var lines = Files.lines(file)) {
            return OptionalInt.of((int) lines.count());
        } catch (IOException | java.io.UncheckedIOException e) {
            return OptionalInt.empty();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
