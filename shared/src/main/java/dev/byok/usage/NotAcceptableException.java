package dev.byok.usage;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

/** The client accepts no representation the resource can produce: 406 {@code not_acceptable}. */
public class NotAcceptableException extends ServiceException {
    public NotAcceptableException(String detail) {
        super(ErrorCode.NOT_ACCEPTABLE, detail);
    }
}
