package dev.byok.testing.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request a provider fake received, as the client sent it.
 *
 * @param method          HTTP method
 * @param url             path plus query string, as received
 * @param path            path only
 * @param queryParameters query parameters (name to values), empty when none
 * @param headers         headers, names case-insensitive
 * @param body            raw body bytes (never null)
 * @param receivedAt      when it was received
 */
public record RecordedRequest(String method, String url, String path, Map<String, List<String>> queryParameters,
                              Map<String, List<String>> headers, byte[] body, Instant receivedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static RecordedRequest of(LoggedRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpHeader header : request.getHeaders().all()) {
            headers.computeIfAbsent(header.key(), k -> new ArrayList<>()).addAll(header.values());
        }
        Map<String, List<String>> params = new TreeMap<>();
        for (Map.Entry<String, QueryParameter> e : request.getQueryParams().entrySet()) {
            params.put(e.getKey(), List.copyOf(e.getValue().values()));
        }
        String url = request.getUrl();
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody();
        return new RecordedRequest(request.getMethod().getName(), url, path, Collections.unmodifiableMap(params),
                Collections.unmodifiableMap(headers), body,
                request.getLoggedDate() == null ? Instant.now() : request.getLoggedDate().toInstant());
    }

    /** First value of a header (case-insensitive name), or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** First value of a query parameter, or null. */
    public String queryParameter(String name) {
        List<String> values = queryParameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as UTF-8 text. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON. */
    public JsonNode bodyAsJson() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Request body is not JSON: " + bodyAsString(), e);
        }
    }

    @Override
    public String toString() {
        return method + " " + url + " (" + body.length + " body bytes)";
    }
}
