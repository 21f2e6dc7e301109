package dev.byok.benchmarks.lambda;

import java.nio.charset.StandardCharsets;

/**
 * How the runtime answered one invocation, as the local Runtime API received it.
 *
 * @param kind             a response, an invocation error, or an init error (the handler could not be loaded)
 * @param requestId        the invocation's request id
 * @param body             the response payload or the error document, as posted
 * @param errorType        the {@code Lambda-Runtime-Function-Error-Type} header of an error, else empty
 * @param receivedAtNanos  {@link System#nanoTime()} when the post had fully arrived
 */
public record InvocationOutcome(Kind kind, String requestId, byte[] body, String errorType, long receivedAtNanos) {

    public enum Kind { RESPONSE, ERROR, INIT_ERROR }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
