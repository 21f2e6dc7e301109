package dev.byok.benchmarks.lambda;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local Runtime API answers the protocol the way the runtime interface client expects it. */
class LocalRuntimeApiTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalRuntimeApi api;

    @BeforeEach
    void start() {
        api = LocalRuntimeApi.start("test-function");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private URI uri(String path) {
        return URI.create("http://" + api.address() + "/2018-06-01/runtime/" + path);
    }

    private CompletableFuture<HttpResponse<String>> next() {
        return http.sendAsync(HttpRequest.newBuilder(uri("invocation/next")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listens_on_loopback() {
        assertTrue(api.address().startsWith("127.0.0.1:"), api.address());
    }

    @Test
    void next_blocks_until_an_event_is_queued_then_delivers_it_with_the_invocation_headers() throws Exception {
        CompletableFuture<HttpResponse<String>> poll = next();
        Thread.sleep(200);
        assertFalse(poll.isDone(), "no event queued yet: the poll must wait");
        assertTrue(api.firstPollNanos().isPresent(), "the first poll marks the end of init");

        long before = System.currentTimeMillis();
        api.invoke("{\"hello\":1}", Duration.ofSeconds(30));
        HttpResponse<String> event = poll.get(5, TimeUnit.SECONDS);

        assertEquals(200, event.statusCode());
        assertEquals("{\"hello\":1}", event.body());
        assertFalse(event.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElse("").isEmpty());
        long deadline = Long.parseLong(event.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
        assertTrue(deadline >= before + 29_000 && deadline <= System.currentTimeMillis() + 30_000, "deadline " + deadline);
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:test-function",
                event.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn").orElseThrow());
        assertTrue(event.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow().startsWith("Root=1-"));
    }

    @Test
    void a_posted_response_completes_the_invocation_and_is_accepted() throws Exception {
        CompletableFuture<InvocationOutcome> outcome = api.invoke("{}", Duration.ofSeconds(30));
        String id = next().get(5, TimeUnit.SECONDS).headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();

        HttpResponse<String> accepted = post("invocation/" + id + "/response", "{\"statusCode\":404}");

        assertEquals(202, accepted.statusCode());
        InvocationOutcome result = outcome.get(5, TimeUnit.SECONDS);
        assertEquals(InvocationOutcome.Kind.RESPONSE, result.kind());
        assertEquals(id, result.requestId());
        assertEquals("{\"statusCode\":404}", result.bodyText());
        assertTrue(result.receivedAtNanos() > api.firstPollNanos().orElseThrow());
    }

    @Test
    void a_posted_error_completes_the_invocation_with_its_error_type() throws Exception {
        CompletableFuture<InvocationOutcome> outcome = api.invoke("{}", Duration.ofSeconds(30));
        String id = next().get(5, TimeUnit.SECONDS).headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();

        HttpResponse<String> accepted = post("invocation/" + id + "/error", "{\"errorMessage\":\"boom\"}",
                "Lambda-Runtime-Function-Error-Type", "Runtime.UserException");

        assertEquals(202, accepted.statusCode());
        InvocationOutcome result = outcome.get(5, TimeUnit.SECONDS);
        assertEquals(InvocationOutcome.Kind.ERROR, result.kind());
        assertEquals("Runtime.UserException", result.errorType());
    }

    @Test
    void an_init_error_completes_every_queued_invocation() throws Exception {
        CompletableFuture<InvocationOutcome> outcome = api.invoke("{}", Duration.ofSeconds(30));

        HttpResponse<String> accepted = post("init/error", "{\"errorMessage\":\"no handler\"}",
                "Lambda-Runtime-Function-Error-Type", "Runtime.ClassNotFound");

        assertEquals(202, accepted.statusCode());
        InvocationOutcome result = outcome.get(5, TimeUnit.SECONDS);
        assertEquals(InvocationOutcome.Kind.INIT_ERROR, result.kind());
        assertEquals("Runtime.ClassNotFound", result.errorType());
    }

    @Test
    void a_response_for_an_unknown_or_already_answered_request_is_refused() throws Exception {
        assertEquals(400, post("invocation/not-a-request/response", "{}").statusCode());

        api.invoke("{}", Duration.ofSeconds(30));
        String id = next().get(5, TimeUnit.SECONDS).headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
        assertEquals(202, post("invocation/" + id + "/response", "{}").statusCode());
        assertEquals(400, post("invocation/" + id + "/response", "{}").statusCode());
    }

    @Test
    void other_paths_are_not_found() throws Exception {
        assertEquals(404, post("restore/next", "").statusCode());
    }
}
