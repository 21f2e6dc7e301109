package dev.byok.functions.recipes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;
import dev.byok.providers.ProviderException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A recipe step failed and running it again as it is cannot succeed (bad input, invalid output, auth, unknown
 * recipe or key, duplicate). Step Functions sees the class name as the error and this message, a JSON object
 * ({@code code}, {@code status}, {@code detail}, ids, {@code errors}), in the cause. No stack trace is kept: the
 * message says everything and frames only add noise to the execution history.
 */
public class StepFailedException extends RuntimeException {
    private static final ObjectMapper JSON = new ObjectMapper();

    StepFailedException(String message) {
        super(message, null, false, false);
    }

    /** The Step Functions error for a domain failure: retryable for transient provider or AWS failures. */
    static StepFailedException of(ServiceException failure) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", failure.errorCode().code());
        body.put("status", failure.errorCode().status());
        body.put("detail", failure.getMessage());
        failure.extensions().forEach(body::putIfAbsent);
        if (!failure.errors().isEmpty()) {
            body.put("errors", failure.errors());
        }
        boolean retryable = failure.getCause() instanceof ProviderException provider
                && provider.retryable();
        return retryable ? new StepRetryableException(json(body)) : new StepFailedException(json(body));
    }

    /** An unexpected failure: generic, with no message of its own (it could quote data); AWS failures may pass. */
    static StepFailedException unexpected(RuntimeException failure) {
        ErrorCode code = failure instanceof SdkException ? ErrorCode.DEPENDENCY_UNAVAILABLE : ErrorCode.INTERNAL_ERROR;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code.code());
        body.put("status", code.status());
        body.put("detail", code.title() + ".");
        return code == ErrorCode.DEPENDENCY_UNAVAILABLE ? new StepRetryableException(json(body))
                : new StepFailedException(json(body));
    }

    private static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return "{\"code\":\"internal_error\"}";
        }
    }
}
