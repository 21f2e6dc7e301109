package dev.byok.runs;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.List;

/** The run input cannot be used: missing template variables or schema violations. Raised before any provider call. */
public class InvalidInputException extends ServiceException {
    public InvalidInputException(String detail, List<String> errors) {
        super(ErrorCode.INVALID_INPUT, detail, errors);
    }
}
