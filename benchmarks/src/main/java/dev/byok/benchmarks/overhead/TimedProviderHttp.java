package dev.byok.benchmarks.overhead;

import dev.byok.json.JacksonFactory;
import dev.byok.providers.ProviderHttp;
import dev.byok.providers.ProvidersConfiguration;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The product's provider HTTP client with a stopwatch around each exchange: how long the provider (here a
 * zero-latency fake) took, as seen by the run, in nanoseconds, per thread. It also keeps the last request sent, so
 * the very same request can be sent again "directly", without the orchestration around it.
 */
public final class TimedProviderHttp extends ProviderHttp {
    private final ThreadLocal<long[]> providerNanos = ThreadLocal.withInitial(() -> new long[1]);
    private volatile HttpRequest lastRequest;

    public TimedProviderHttp() {
        // Only the connect timeout is read from the configuration here; base URLs come from the application's.
        super(new ProvidersConfiguration(URI.create("https://api.anthropic.com/v1"),
                URI.create("https://api.openai.com/v1"),
                URI.create("https://generativelanguage.googleapis.com/v1beta"), Duration.ofSeconds(25),
                Duration.ofSeconds(5)), JacksonFactory.create());
    }

    @Override
    public HttpResponse<byte[]> send(HttpRequest request) {
        lastRequest = request;
        long started = System.nanoTime();
        try {
            return super.send(request);
        } finally {
            providerNanos.get()[0] += System.nanoTime() - started;
        }
    }

    /** Sends {@code request} with the same client, outside any run; not added to the provider time. */
    public HttpResponse<byte[]> sendDirectly(HttpRequest request) {
        return super.send(request);
    }

    /** Provider time this thread accumulated since the last call, then starts again from zero. */
    public long takeProviderNanos() {
        long[] nanos = providerNanos.get();
        long value = nanos[0];
        nanos[0] = 0;
        return value;
    }

    /** The last request a run sent to the provider, or null. */
    public HttpRequest lastRequest() {
        return lastRequest;
    }
}
