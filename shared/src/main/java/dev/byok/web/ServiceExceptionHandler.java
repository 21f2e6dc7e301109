package dev.byok.web;

import dev.byok.error.ServiceException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapper from domain exceptions to problem+json. Their messages are written to be shown; see
 * ServiceException.
 */
@Produces
@Singleton
@Requires(classes = {ServiceException.class, ExceptionHandler.class})
public class ServiceExceptionHandler implements ExceptionHandler<ServiceException, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceExceptionHandler.class);
    private final Problems problems;

    public ServiceExceptionHandler(Problems problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ServiceException exception) {
        int status = exception.errorCode().status();
        if (status >= 500) {
            LOG.warn("request failed: code={} status={}", exception.errorCode().code(), status);
        } else {
            LOG.info("request rejected: code={} status={}", exception.errorCode().code(), status);
        }
        return problems.response(exception.errorCode(), exception.getMessage(), exception.errors(),
                exception.extensions());
    }
}
