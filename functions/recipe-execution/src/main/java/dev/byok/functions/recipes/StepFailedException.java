package dev.byok.functions.recipes;

import dev.byok.error.ServiceException;
import dev.byok.runs.StepFailure;

/**
 * A recipe step failed and running it again as it is cannot succeed (bad input, invalid output, auth, unknown
 * recipe or key, duplicate). Step Functions sees the class name as the error and this message, a JSON object
 * ({@code code}, {@code status}, {@code detail}, ids, {@code errors}; see {@link StepFailure}), in the cause. No stack
 * trace is kept: the message says everything and frames only add noise to the execution history.
 */
public class StepFailedException extends RuntimeException {

    StepFailedException(String message) {
        super(message, null, false, false);
    }

    /** The Step Functions error for a domain failure: retryable for transient provider or AWS failures. */
    static StepFailedException of(ServiceException failure) {
        return of(StepFailure.of(failure));
    }

    /** An unexpected failure: generic, with no message of its own (it could quote data); AWS failures may pass. */
    static StepFailedException unexpected(RuntimeException failure) {
        return of(StepFailure.unexpected(failure));
    }

    /** The exception whose class name is {@link StepFailure#errorName()} and whose message is its JSON. */
    static StepFailedException of(StepFailure failure) {
        return failure.retryable() ? new StepRetryableException(failure.json())
                : new StepFailedException(failure.json());
    }
}
