package dev.byok.error;

import java.util.List;

/** A request that breaks the API contract: 400 {@code invalid_request}, listing every problem found. */
public class InvalidRequestException extends ServiceException {
    public InvalidRequestException(String detail) {
        super(ErrorCode.INVALID_REQUEST, detail);
    }

    public InvalidRequestException(String detail, List<String> errors) {
        super(ErrorCode.INVALID_REQUEST, detail, errors);
    }
}
