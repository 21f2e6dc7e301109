package dev.byok.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;
import dev.byok.providers.ProviderException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a failed step is reported to a state machine, by the step handlers in Lambda and by the in-process workflow
 * runner alike: the error name Step Functions shows (the class name of the exception the handler throws) and a JSON
 * message with the stable {@code code}, {@code status}, {@code detail}, the failure's ids and its field
 * {@code errors}. Never provider text, prompts, inputs, outputs or keys: only what a {@link ServiceException} says to
 * a caller anyway.
 *
 * @param retryable whether retrying the step can help (transient provider or AWS failures)
 * @param code      the stable error code, e.g. {@code provider_rate_limited}
 * @param status    the HTTP status that code has in the API
 * @param json      the message: a JSON object
 */
public record StepFailure(boolean retryable, String code, int status, String json) {
    /** The Step Functions error of a step that retrying cannot fix (the step handlers' exception class). */
    public static final String FAILED_ERROR = "dev.byok.functions.recipes.StepFailedException";
    /** The Step Functions error of a step that may succeed when retried (a subclass of the one above). */
    public static final String RETRYABLE_ERROR = "dev.byok.functions.recipes.StepRetryableException";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A domain failure: retryable when a transient provider failure outlasted the run's own retries. */
    public static StepFailure of(ServiceException failure) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", failure.errorCode().code());
        body.put("status", failure.errorCode().status());
        body.put("detail", failure.getMessage());
        failure.extensions().forEach(body::putIfAbsent);
        if (!failure.errors().isEmpty()) {
            body.put("errors", failure.errors());
        }
        boolean retryable = failure.getCause() instanceof ProviderException provider && provider.retryable();
        return new StepFailure(retryable, failure.errorCode().code(), failure.errorCode().status(), json(body));
    }

    /** An unexpected failure: generic, with no message of its own (it could quote data); AWS failures may pass. */
    public static StepFailure unexpected(RuntimeException failure) {
        ErrorCode code = failure instanceof SdkException ? ErrorCode.DEPENDENCY_UNAVAILABLE : ErrorCode.INTERNAL_ERROR;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code.code());
        body.put("status", code.status());
        body.put("detail", code.title() + ".");
        return new StepFailure(code == ErrorCode.DEPENDENCY_UNAVAILABLE, code.code(), code.status(), json(body));
    }

    /** The error name Step Functions reports for this failure. */
    public String errorName() {
        return retryable ? RETRYABLE_ERROR : FAILED_ERROR;
    }

    private static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return "{\"code\":\"internal_error\",\"status\":500}";
        }
    }
}
