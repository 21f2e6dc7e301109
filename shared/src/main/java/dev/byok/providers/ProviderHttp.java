package dev.byok.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Bean;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one HTTP client every provider adapter uses ({@code java.net.http}, one per execution environment). It does
 * no retries and follows no redirects (a redirect could carry the key's header to another host). Transport failures
 * become classified {@link ProviderException}s here so adapters only deal with HTTP answers.
 */
@Singleton
@Bean(preDestroy = "close")
public class ProviderHttp implements AutoCloseable {
    private final HttpClient client;
    private final ObjectMapper mapper;

    public ProviderHttp(ProvidersConfiguration configuration, ObjectMapper mapper) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(configuration.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.mapper = mapper;
    }

    /** A JSON request builder: HTTP/2 for https, HTTP/1.1 for plain http (loopback fakes, self-hosted models). */
    public HttpRequest.Builder jsonRequest(URI uri, Duration timeout) {
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .version("https".equals(uri.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .header("content-type", "application/json")
                .header("accept", "application/json");
    }

    public byte[] toJson(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("request body could not be serialised", e);
        }
    }

    /** Sends and returns the raw answer; throws TIMEOUT or UNAVAILABLE when no answer arrives. */
    public HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new ProviderException(ProviderErrorClass.UNAVAILABLE, 0, null, null, e);
        } catch (HttpTimeoutException e) {
            throw new ProviderException(ProviderErrorClass.TIMEOUT, 0, null, null, e);
        } catch (IOException e) {
            throw new ProviderException(ProviderErrorClass.UNAVAILABLE, 0, null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderErrorClass.TIMEOUT, 0, null, null, e);
        }
    }

    /** Parses a JSON body; a malformed body from the provider is treated as the provider being unavailable. */
    public JsonNode parse(HttpResponse<byte[]> response, String requestId) {
        try {
            JsonNode node = mapper.readTree(response.body());
            if (node == null || node.isMissingNode()) {
                throw new IOException("empty body");
            }
            return node;
        } catch (IOException e) {
            throw new ProviderException(ProviderErrorClass.UNAVAILABLE, response.statusCode(), requestId, null, e);
        }
    }

    /** Parses an error body if it is JSON; empty otherwise (error bodies are only read for their type and code). */
    public Optional<JsonNode> parseQuietly(HttpResponse<byte[]> response) {
        try {
            return Optional.ofNullable(mapper.readTree(response.body()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The provider's retry hint: {@code retry-after-ms}, else {@code retry-after} as seconds or as an HTTP date.
     * Null when absent, unparseable or negative.
     */
    public static Duration retryAfter(HttpResponse<?> response, Instant now) {
        Optional<String> millis = response.headers().firstValue("retry-after-ms");
        if (millis.isPresent()) {
            try {
                double value = Double.parseDouble(millis.get().trim());
                return value >= 0 ? Duration.ofMillis((long) value) : null;
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        Optional<String> header = response.headers().firstValue("retry-after");
        if (header.isEmpty()) {
            return null;
        }
        String value = header.get().trim();
        try {
            double seconds = Double.parseDouble(value);
            return seconds >= 0 ? Duration.ofMillis((long) (seconds * 1000)) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
