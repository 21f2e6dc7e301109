package dev.byok.web;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.byok.error.ErrorCode;
import dev.byok.logging.RequestLogContextFilter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.servlet.http.ServletHttpRequest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request-size limit everywhere: {@code micronaut.server.max-request-size} (1 MB). The local server's Netty
 * enforces it while reading; in Lambda the whole event is already in memory, so this filter refuses a larger body
 * with 413 {@code payload_too_large} before any routing, binding or service code sees it (Lambda itself would
 * accept up to 6 MB).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(RequestLogContextFilter.ORDER + 1) // after the log context is set, so the refusal names the request
public class RequestBodyLimitFilter {
    private final long maxBytes;
    private final Problems problems;

    public RequestBodyLimitFilter(HttpServerConfiguration server, Problems problems) {
        this.maxBytes = server.getMaxRequestSize();
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> refuseLargeBodies(HttpRequest<?> request) {
        if (maxBytes > 0 && bodyBytes(request) > maxBytes) {
            return problems.response(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than the limit of "
                    + maxBytes + " bytes.", List.of(), Map.of("limitBytes", maxBytes));
        }
        return null;
    }

    /** The declared length, or in Lambda the event body's own size when that is larger (or nothing was declared). */
    private long bodyBytes(HttpRequest<?> request) {
        long declared = request.getContentLength();
        if (request instanceof ServletHttpRequest<?, ?> servlet
                && servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent event && event.getBody() != null) {
            String body = event.getBody();
            long size;
            if (event.getIsBase64Encoded()) {
                int padding = body.endsWith("==") ? 2 : body.endsWith("=") ? 1 : 0;
                size = body.length() / 4L * 3 - padding;
            } else if ((long) body.length() * 3 <= maxBytes || body.length() > maxBytes) {
                size = body.length(); // decides either way without counting UTF-8 bytes
            } else {
                size = body.getBytes(StandardCharsets.UTF_8).length;
            }
            return Math.max(declared, size);
        }
        return declared;
    }
}
