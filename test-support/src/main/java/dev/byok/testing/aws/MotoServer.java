package dev.byok.testing.aws;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A moto server (the local AWS emulator) running as a {@code python3} child process on {@code 127.0.0.1}.
 *
 * <p>The launcher script ({@code moto_launcher.py} beside this class) keeps reading its standard input and stops the
 * server when the pipe reaches end-of-file, so the emulator dies with the JVM even if the JVM is killed. {@link #close()}
 * closes that pipe, waits, and only then destroys the process. A JVM shutdown hook closes every instance.
 *
 * <p>The interpreter is {@code python3}, or the one named by the environment variable {@value #PYTHON_ENV} (or the
 * system property {@value #PYTHON_PROPERTY}); it needs {@code pip install "moto[server]"}. The system property
 * {@value #VERBOSE_PROPERTY}{@code =true} echoes moto's stderr (including werkzeug's request log) to this JVM's stderr.
 *
 * <p>Besides the AWS APIs the server counts the AWS calls it receives, by action ({@link #requestCounts()}): that is
 * how a test proves, for instance, that a warm run made no KMS call (see {@link KmsRequestCounter}).
 */
public final class MotoServer implements AutoCloseable {

    /** Environment variable naming the Python interpreter to use instead of {@code python3}. */
    public static final String PYTHON_ENV = "BYOK_PYTHON";
    /** System property naming the Python interpreter; wins over {@link #PYTHON_ENV}. */
    public static final String PYTHON_PROPERTY = "byok.python";
    /** System property: {@code true} echoes moto's stderr to this JVM's stderr. */
    public static final String VERBOSE_PROPERTY = "byok.moto.verbose";
    /** The launcher script, as a class-path resource. */
    public static final String LAUNCHER_RESOURCE = "/dev/byok/testing/aws/moto_launcher.py";

    static final String INSTALL_HINT = "install with pip install \"moto[server]\"";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int STDERR_TAIL_LINES = 50;
    private static final int EXIT_MISSING_MOTO = 3;
    private static final int EXIT_START_FAILED = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MotoServer shared;
    private static Path extractedLauncher;

    private final Process process;
    private final int port;
    private final URI endpoint;
    private final Deque<String> stderrTail;
    private final Thread shutdownHook;
    private final HttpClient http;
    private boolean closed;

    private MotoServer(Process process, int port, Deque<String> stderrTail) {
        this.process = process;
        this.port = port;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.stderrTail = stderrTail;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.shutdownHook = new Thread(this::closeQuietly, "moto-shutdown-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a new server on a free loopback port. The caller owns it and must {@link #close()} it. */
    public static MotoServer start() {
        return start(0);
    }

    /**
     * Starts a new server on the given port, or on a free loopback port when {@code port} is 0.
     *
     * @throws IllegalStateException if Python or moto is missing, or the server does not come up within 30 s; the
     *                               message carries the last lines moto wrote to stderr
     */
    public static MotoServer start(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        int attempts = port == 0 ? 3 : 1;
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int chosen = port == 0 ? freeLoopbackPort() : port;
            try {
                return launch(chosen);
            } catch (PortUnavailable e) {
                last = e; // another process took the port between probe and bind: pick another
            }
        }
        throw last;
    }

    /**
     * The server shared by all tests of this JVM, started on first use and stopped by the shutdown hook. If somebody
     * closed it, the next call starts a fresh one (with empty state).
     */
    public static synchronized MotoServer shared() {
        if (shared == null || !shared.isRunning()) {
            shared = start();
        }
        return shared;
    }

    /** The port the server listens on (loopback only). */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}: what {@code AWS_ENDPOINT_URL} / {@code aws.endpointUrl} should be. */
    public URI endpoint() {
        return endpoint;
    }

    /** Process id of the Python process. */
    public long pid() {
        return process.pid();
    }

    /** Whether the Python process is still alive. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** The process exit code once it has ended (0 when it stopped by itself after its stdin was closed). */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** The last lines moto wrote to stderr (at most 50), oldest first. */
    public List<String> stderrTail() {
        synchronized (stderrTail) {
            return List.copyOf(stderrTail);
        }
    }

    /**
     * Counts of the AWS API calls received since start or the last {@link #resetRequestCounts()}, keyed by action:
     * the {@code X-Amz-Target} header ({@code TrentService.Decrypt}, {@code DynamoDB_20120810.PutItem},
     * {@code secretsmanager.GetSecretValue}), else {@code <service>.<Action>} for query-protocol services, else
     * {@code <service>.<HTTP method>} for REST-style ones. Calls to {@code /moto-api/} are not counted.
     */
    public Map<String, Long> requestCounts() {
        String body = send(HttpRequest.newBuilder(endpoint.resolve("/_byok/requests")).GET(), "read request counts");
        try {
            Map<String, Long> counts = JSON.readValue(body, new TypeReference<Map<String, Long>>() { });
            return Map.copyOf(new TreeMap<>(counts));
        } catch (IOException e) {
            throw new IllegalStateException("moto request counter answered something else than a JSON map: " + body, e);
        }
    }

    /** Count for one action, e.g. {@code TrentService.Decrypt}; 0 when never called. */
    public long requestCount(String action) {
        return requestCounts().getOrDefault(action, 0L);
    }

    /** Clears the request counts. */
    public void resetRequestCounts() {
        send(HttpRequest.newBuilder(endpoint.resolve("/_byok/requests/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()), "reset request counts");
    }

    /**
     * Posts a JSON document to moto's {@code /moto-api/config}, e.g.
     * {@code {"stepfunctions":{"execute_state_machine":true},"lambda":{"use_docker":false}}} (do it before creating the
     * resources it affects).
     */
    public void configure(String json) {
        send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/config"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), "configure moto");
    }

    /**
     * Queues what moto's Lambda stand-in (with {@code "lambda":{"use_docker":false}}) answers to the next invocations
     * in {@code region}, one result per invocation, in order, whatever function is invoked; with the queue empty it
     * echoes the payload. A result shaped like a Java handler's uncaught exception, {@code {"errorType": "...",
     * "errorMessage": "..."}}, is answered as a function error (the launcher's patch): Step Functions then sees
     * {@code errorType} as the task's error.
     */
    public void queueLambdaResults(String region, List<String> results) {
        try {
            String body = JSON.writeValueAsString(Map.of("region", region, "results", results));
            send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/static/lambda-simple/response"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)), "queue Lambda results");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("results cannot be sent as JSON", e);
        }
    }

    /**
     * Stops the server: closes its stdin (the launcher then shuts moto down and exits with 0), waits up to 5 s, then
     * destroys it, forcibly if needed. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException ignored) {
            // the JVM is already shutting down (we may be the hook), or the hook already ran
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the pipe is already broken: the process is gone or going
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(3, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "MotoServer[" + endpoint + ", pid " + process.pid() + (process.isAlive() ? "" : ", stopped") + "]";
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException ignored) {
            // best effort at shutdown
        }
    }

    private String send(HttpRequest.Builder request, String what) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("Cannot " + what + " on " + endpoint + ": HTTP " + response.statusCode()
                        + " " + response.body() + " (request counting needs the BYOK moto launcher; stderr tail: "
                        + stderrTail() + ")");
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot " + what + " on " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + what, e);
        }
    }

    // ---------------------------------------------------------------------------------------------------- launching

    private static MotoServer launch(int port) {
        String python = pythonExecutable();
        Path script = launcherScript();
        ProcessBuilder builder = new ProcessBuilder(python, "-u", script.toString(), "--port", Integer.toString(port));
        Map<String, String> env = builder.environment();
        sanitiseAwsEnvironment(env);
        env.put("MOTO_PORT", Integer.toString(port));
        env.put("PYTHONUNBUFFERED", "1");
        boolean verbose = Boolean.getBoolean(VERBOSE_PROPERTY);
        if (verbose) {
            env.put("BYOK_MOTO_VERBOSE", "1");
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run the Python interpreter '" + python + "' to start moto (the local"
                    + " AWS emulator): " + e.getMessage() + ". Install Python 3 and moto (" + INSTALL_HINT + "), or set "
                    + PYTHON_ENV + " to an interpreter that has moto.", e);
        }

        Deque<String> stderrTail = new ArrayDeque<>();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread err = drain(process.getErrorStream(), "moto-stderr-" + port, line -> {
            synchronized (stderrTail) {
                if (stderrTail.size() == STDERR_TAIL_LINES) {
                    stderrTail.removeFirst();
                }
                stderrTail.addLast(line);
            }
            if (verbose) {
                System.err.println("[moto:" + port + "] " + line);
            }
        });
        drain(process.getInputStream(), "moto-stdout-" + port, line -> {
            if (line.startsWith("MOTO_READY ")) {
                try {
                    ready.complete(Integer.parseInt(line.substring("MOTO_READY ".length()).trim()));
                } catch (NumberFormatException e) {
                    ready.completeExceptionally(new IllegalStateException("Unexpected launcher output: " + line));
                }
            } else if (verbose) {
                System.err.println("[moto:" + port + "] " + line);
            }
        });
        process.onExit().thenRun(() -> ready.completeExceptionally(new ProcessEnded()));

        try {
            int actualPort = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new MotoServer(process, actualPort, stderrTail);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof ProcessEnded)) {
                process.destroyForcibly();
                throw new IllegalStateException("moto launcher failed: " + e.getCause().getMessage(), e.getCause());
            }
            joinQuietly(err);
            int code = process.exitValue();
            String tail = String.join("\n", snapshot(stderrTail));
            if (code == EXIT_MISSING_MOTO) {
                throw new IllegalStateException("moto is not installed for '" + python + "': " + INSTALL_HINT
                        + " (or set " + PYTHON_ENV + " to an interpreter that has it).\n" + tail);
            }
            if (code == EXIT_START_FAILED && tail.contains("in use")) {
                throw new PortUnavailable("moto could not bind 127.0.0.1:" + port + "\n" + tail);
            }
            throw new IllegalStateException("moto exited with code " + code + " before it was ready (python '" + python
                    + "'; if moto is missing: " + INSTALL_HINT + "). Last stderr lines:\n" + tail);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("moto did not report ready within " + START_TIMEOUT.toSeconds()
                    + " s on port " + port + ". Last stderr lines:\n" + String.join("\n", snapshot(stderrTail)), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting moto", e);
        }
    }

    /**
     * moto uses botocore internally: an empty or unknown {@code AWS_PROFILE} (surefire blanks it for the tests) makes
     * every request fail with {@code ProfileNotFound}, and a developer's real credentials have no business in the
     * emulator. So the child gets no profile, no session token, dummy keys, and no blank {@code AWS_*} variable.
     */
    static void sanitiseAwsEnvironment(Map<String, String> env) {
        env.entrySet().removeIf(e -> e.getKey().startsWith("AWS_") && e.getValue().isBlank());
        env.remove("AWS_PROFILE");
        env.remove("AWS_DEFAULT_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_SECURITY_TOKEN");
        env.keySet().removeIf(name -> name.startsWith("AWS_ENDPOINT_URL"));
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.putIfAbsent("AWS_DEFAULT_REGION", "us-east-1");
    }

    private static String pythonExecutable() {
        String fromProperty = System.getProperty(PYTHON_PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return fromProperty;
        }
        String fromEnv = System.getenv(PYTHON_ENV);
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : "python3";
    }

    private static synchronized Path launcherScript() {
        if (extractedLauncher != null && Files.isRegularFile(extractedLauncher)) {
            return extractedLauncher;
        }
        try (InputStream in = MotoServer.class.getResourceAsStream(LAUNCHER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing class-path resource " + LAUNCHER_RESOURCE);
            }
            Path file = Files.createTempFile("byok-moto-launcher-", ".py");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            extractedLauncher = file;
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the moto launcher script to a temporary file", e);
        }
    }

    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free loopback port", e);
        }
    }

    private static Thread drain(InputStream stream, String name, java.util.function.Consumer<String> onLine) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    onLine.accept(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> snapshot(Deque<String> lines) {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    private static final class ProcessEnded extends RuntimeException {
        ProcessEnded() {
            super("process ended", null, false, false);
        }
    }

    private static final class PortUnavailable extends IllegalStateException {
        PortUnavailable(String message) {
            super(Objects.requireNonNull(message));
        }
    }
}
