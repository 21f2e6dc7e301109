package dev.byok.benchmarks.throughput;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadGeneratorTest {

    @Test
    void every_answer_in_the_window_is_checked_and_a_wrong_status_is_counted_as_failed() throws Exception {
        AtomicInteger served = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int status = served.incrementAndGet() % 5 == 0 ? 503 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.getAddress().getPort() + "/")).GET().build();

            LoadGenerator.Window window = new LoadGenerator().run(request, 200, 2, Duration.ofMillis(200),
                    Duration.ofMillis(800));

            assertTrue(window.ok() > 0 && window.failed() > 0, window.toString());
            assertEquals(window.ok() + window.failed(), window.latenciesMillis().size());
            assertEquals(window.failed(), window.failedByStatus().get(503));
            assertTrue(window.seconds() >= 0.8, "the window lasts at least its nominal length");
        } finally {
            server.stop(0);
        }
    }
}
