package dev.byok.logging;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.servlet.http.ServletHttpRequest;

import java.util.UUID;

/**
 * Starts each request with a clean log context carrying the request id: API Gateway's id in Lambda, the caller's
 * {@code X-Request-Id} locally, or a fresh one; the id is also kept as the request's {@link LogContext#REQUEST}
 * attribute. Clears the context afterwards so a warm execution environment never logs one request's ids on the next.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(RequestLogContextFilter.ORDER)
public class RequestLogContextFilter {
    /** First of the product's filters, so that whatever another filter answers names the request. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;


    @RequestFilter
    public void open(HttpRequest<?> request) {
        String requestId = requestId(request);
        LogContext.clear();
        LogContext.putRequest(requestId);
        // Also on the request: on the local (Netty) server the handler and error mappers may run on another thread
        // than this filter, where the log context is not set.
        request.setAttribute(LogContext.REQUEST, requestId);
    }

    @ResponseFilter
    public void close() {
        LogContext.clear();
    }

    static String requestId(HttpRequest<?> request) {
        if (request instanceof ServletHttpRequest<?, ?> servletRequest
                && servletRequest.getNativeRequest() instanceof APIGatewayV2HTTPEvent event
                && event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            return event.getRequestContext().getRequestId();
        }
        String header = request.getHeaders().get("X-Request-Id");
        if (header != null && header.matches("[A-Za-z0-9._-]{1,64}")) {
            return header;
        }
        return UUID.randomUUID().toString();
    }
}
