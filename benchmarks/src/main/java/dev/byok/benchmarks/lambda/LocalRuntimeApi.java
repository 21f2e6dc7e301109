package dev.byok.benchmarks.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small local implementation of the Lambda Runtime API (version 2018-06-01) on {@code 127.0.0.1}: what the Lambda
 * service offers a runtime inside an execution environment. The runtime interface client, pointed at it with
 * {@code AWS_LAMBDA_RUNTIME_API=<}{@link #address()}{@code >}, polls {@code GET /runtime/invocation/next} (answered
 * when an event is queued with {@link #invoke}), then posts {@code /runtime/invocation/<id>/response} or
 * {@code .../error}; {@code POST /runtime/init/error} reports a handler that could not be loaded. One instance serves
 * one execution environment.
 */
public final class LocalRuntimeApi implements AutoCloseable {
    static final String PREFIX = "/2018-06-01/runtime/";
    private static final Pattern INVOCATION_POST = Pattern.compile("invocation/([^/]+)/(response|error)");
    private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String functionName;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong firstPollNanos = new AtomicLong();
    private final CompletableFuture<InvocationOutcome> initError = new CompletableFuture<>();

    private record Pending(String requestId, byte[] event, Duration timeout,
                           CompletableFuture<InvocationOutcome> outcome) {
    }

    private LocalRuntimeApi(HttpServer server, ExecutorService executor, String functionName) {
        this.server = server;
        this.executor = executor;
        this.functionName = functionName;
    }

    /** Starts on a free loopback port; {@code functionName} goes into the invoked-function ARN. */
    public static LocalRuntimeApi start(String functionName) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            // A /next poll blocks its thread until an event arrives, so posts need threads of their own.
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread thread = new Thread(r, "runtime-api");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            LocalRuntimeApi api = new LocalRuntimeApi(server, executor, functionName);
            server.createContext(PREFIX, api::handle);
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local Runtime API", e);
        }
    }

    /** {@code 127.0.0.1:<port>}: the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /**
     * Queues an event for the next poll. The future completes when the runtime posts the response or an error for
     * it, or reports an init error; {@code timeout} sets the deadline header the function sees.
     */
    public CompletableFuture<InvocationOutcome> invoke(String eventJson, Duration timeout) {
        Pending pending = new Pending(UUID.randomUUID().toString(), eventJson.getBytes(StandardCharsets.UTF_8),
                timeout, new CompletableFuture<>());
        initError.thenAccept(pending.outcome()::complete);
        queue.add(pending);
        return pending.outcome();
    }

    /** {@link System#nanoTime()} of the first {@code /next} poll: the end of the function's initialisation. */
    public OptionalLong firstPollNanos() {
        long value = firstPollNanos.get();
        return value == 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
                return;
            }
            Matcher post = INVOCATION_POST.matcher(path);
            if (method.equals("POST") && post.matches()) {
                byte[] body = readBody(exchange);
                long received = System.nanoTime();
                Pending pending = inFlight.remove(post.group(1));
                if (pending == null) {
                    reply(exchange, 400, "{\"errorMessage\":\"unknown or already answered request id\","
                            + "\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                boolean error = post.group(2).equals("error");
                pending.outcome().complete(new InvocationOutcome(
                        error ? InvocationOutcome.Kind.ERROR : InvocationOutcome.Kind.RESPONSE, pending.requestId(),
                        body, error ? errorType(exchange) : "", received));
                reply(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            if (method.equals("POST") && path.equals("init/error")) {
                byte[] body = readBody(exchange);
                initError.complete(new InvocationOutcome(InvocationOutcome.Kind.INIT_ERROR, "", body,
                        errorType(exchange), System.nanoTime()));
                reply(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            reply(exchange, 404, "{\"errorMessage\":\"not found\",\"errorType\":\"NotFound\"}");
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        firstPollNanos.compareAndSet(0, System.nanoTime());
        Pending pending;
        try {
            pending = queue.take();
        } catch (InterruptedException e) {
            // closing: the runtime's poll simply fails, as when Lambda shuts an environment down
            Thread.currentThread().interrupt();
            return;
        }
        inFlight.put(pending.requestId(), pending);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms",
                Long.toString(System.currentTimeMillis() + pending.timeout().toMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN + functionName);
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000)
                + "-" + pending.requestId().replace("-", "").substring(0, 24) + ";Parent=0000000000000001;Sampled=0");
        exchange.sendResponseHeaders(200, pending.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(pending.event());
        }
    }

    private static String errorType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        return type == null ? "" : type;
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
