package dev.byok.error;

import java.util.List;
import java.util.Map;

/**
 * Base of every domain exception. Its message is the problem's {@code detail} and is shown to the caller, so it must
 * be written for the caller and must never contain a key, a prompt, an input, an output or provider message text.
 * Subclasses live with their capability; {@code dev.byok.web.ProblemExceptionHandler} maps them all.
 */
public class ServiceException extends RuntimeException {
    private final ErrorCode errorCode;
    private final List<String> errors;
    private final Map<String, Object> extensions;

    public ServiceException(ErrorCode errorCode, String safeDetail) {
        this(errorCode, safeDetail, List.of(), Map.of(), null);
    }

    public ServiceException(ErrorCode errorCode, String safeDetail, List<String> errors) {
        this(errorCode, safeDetail, errors, Map.of(), null);
    }

    public ServiceException(ErrorCode errorCode, String safeDetail, List<String> errors, Map<String, Object> extensions,
                            Throwable cause) {
        // No stack-trace suppression: these are rare and the trace helps; the message is already safe.
        super(safeDetail, cause);
        this.errorCode = errorCode;
        this.errors = List.copyOf(errors);
        this.extensions = Map.copyOf(extensions);
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    /** Field-level problems (names and rules, never values), shown as the problem's {@code errors} member. */
    public List<String> errors() {
        return errors;
    }

    /** Extra problem members, e.g. {@code providerRequestId} or {@code keyId}. */
    public Map<String, Object> extensions() {
        return extensions;
    }
}
