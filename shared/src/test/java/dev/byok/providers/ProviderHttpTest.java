package dev.byok.providers;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProviderHttpTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void retry_after_ms_wins_over_retry_after() {
        assertEquals(Duration.ofMillis(1500), ProviderHttp.retryAfter(response(Map.of("retry-after-ms", "1500",
                "retry-after", "30")), NOW));
    }

    @Test
    void retry_after_accepts_seconds_and_http_dates() {
        assertEquals(Duration.ofSeconds(7), ProviderHttp.retryAfter(response(Map.of("retry-after", "7")), NOW));
        assertEquals(Duration.ofSeconds(20), ProviderHttp.retryAfter(
                response(Map.of("retry-after", "Thu, 03 Dec 2026 10:00:20 GMT")), NOW));
    }

    @Test
    void absent_or_garbage_retry_hints_are_ignored() {
        assertNull(ProviderHttp.retryAfter(response(Map.of()), NOW));
        assertNull(ProviderHttp.retryAfter(response(Map.of("retry-after", "soon")), NOW));
        assertNull(ProviderHttp.retryAfter(response(Map.of("retry-after", "-3")), NOW));
    }

    private static HttpResponse<byte[]> response(Map<String, String> headers) {
        HttpHeaders httpHeaders = HttpHeaders.of(headers.entrySet().stream().collect(java.util.stream.Collectors
                .toMap(Map.Entry::getKey, e -> List.of(e.getValue()))), (a, b) -> true);
        return new HttpResponse<>() {
            public int statusCode() {
                return 429;
            }

            public HttpRequest request() {
                return null;
            }

            public Optional<HttpResponse<byte[]>> previousResponse() {
                return Optional.empty();
            }

            public HttpHeaders headers() {
                return httpHeaders;
            }

            public byte[] body() {
                return new byte[0];
            }

            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            public URI uri() {
                return URI.create("http://127.0.0.1");
            }

            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
