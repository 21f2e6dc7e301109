package dev.byok.web;

import dev.byok.error.ErrorCode;
import dev.byok.logging.SafeThrowables;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.List;
import java.util.Map;

/**
 * Catch-all for exceptions no other handler claims: a generic 5xx body, and a log line with class names and frames
 * but no exception message (third-party messages may quote request data). Fails closed: nothing about the request
 * or the failure's text reaches the caller.
 */
@Produces
@Singleton
@Requires(classes = ExceptionHandler.class)
public class UnexpectedExceptionHandler implements ExceptionHandler<Exception, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionHandler.class);
    private final Problems problems;

    public UnexpectedExceptionHandler(Problems problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, Exception exception) {
        LOG.error("unexpected failure: {}", SafeThrowables.describe(exception));
        if (exception instanceof SdkException) {
            return problems.response(ErrorCode.DEPENDENCY_UNAVAILABLE,
                    "A backing AWS service failed. Nothing was changed; retry later.", List.of(), Map.of());
        }
        return problems.response(ErrorCode.INTERNAL_ERROR, "An internal error occurred.", List.of(), Map.of());
    }
}
