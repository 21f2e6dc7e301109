package dev.byok.web;

import dev.byok.error.ErrorCode;
import dev.byok.logging.LogContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes RFC 9457 {@code application/problem+json} bodies: {@code type}, {@code title}, {@code status},
 * {@code detail}, the stable {@code code}, the {@code requestId}, and optional {@code errors} and extensions.
 * Every error the API returns goes through here.
 */
@Singleton
public class Problems {
    public static final String TYPE_PREFIX = "urn:byok:problem:";
    private final JsonMapper jsonMapper;

    public Problems(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    public MutableHttpResponse<byte[]> response(ErrorCode code, String detail, List<String> errors,
                                                Map<String, Object> extensions) {
        return write(HttpResponse.status(HttpStatus.valueOf(code.status())), code, detail, errors, extensions);
    }

    public MutableHttpResponse<byte[]> write(MutableHttpResponse<?> response, ErrorCode code, String detail,
                                             List<String> errors, Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + code.code());
        body.put("title", code.title());
        body.put("status", code.status());
        body.put("detail", detail);
        body.put("code", code.code());
        String requestId = requestId();
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        extensions.forEach(body::putIfAbsent);
        try {
            byte[] json = jsonMapper.writeValueAsBytes(body);
            @SuppressWarnings("unchecked")
            MutableHttpResponse<byte[]> typed = (MutableHttpResponse<byte[]>) response;
            return typed.status(code.status()).contentType(MediaType.APPLICATION_JSON_PROBLEM_TYPE).body(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The request's id: from the current request (set by the request filter), or else from the log context. The
     * request comes first: on the local server's event loop the log context may still hold an earlier request's id.
     */
    private static String requestId() {
        return ServerRequestContext.currentRequest()
                .flatMap(request -> request.getAttribute(LogContext.REQUEST, String.class))
                .orElseGet(() -> MDC.get(LogContext.REQUEST));
    }
}
