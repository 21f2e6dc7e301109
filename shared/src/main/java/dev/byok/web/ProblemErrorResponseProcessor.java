package dev.byok.web;

import dev.byok.error.ErrorCode;
import io.micronaut.context.annotation.Primary;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * Turns the framework's own errors (no route, wrong method, unreadable JSON, missing argument, wrong content type)
 * into problem+json with a stable code. The framework's messages are dropped on purpose: a JSON parser's message
 * quotes the body it could not read, and the body may hold a key or a prompt.
 */
@Primary
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {
    private final Problems problems;

    public ProblemErrorResponseProcessor(Problems problems) {
        this.problems = problems;
    }

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext errorContext, MutableHttpResponse<?> response) {
        ErrorCode code = codeFor(response.code());
        return problems.write(response, code, detailFor(code), List.of(), Map.of());
    }

    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 400 -> ErrorCode.INVALID_REQUEST;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_REQUEST;
        };
    }

    private static String detailFor(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST -> "The request could not be read: check the JSON body, its field types and the "
                    + "query parameters against the API reference.";
            case NOT_FOUND -> "No such resource.";
            case METHOD_NOT_ALLOWED -> "This resource does not support that method.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json.";
            case PAYLOAD_TOO_LARGE -> "The request body is too large.";
            default -> code.title() + ".";
        };
    }
}
