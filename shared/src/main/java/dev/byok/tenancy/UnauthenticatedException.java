package dev.byok.tenancy;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

/** No usable principal on the request: 401. The detail never says which claim was expected or what was found. */
public class UnauthenticatedException extends ServiceException {
    public UnauthenticatedException() {
        super(ErrorCode.UNAUTHENTICATED, "A valid bearer token carrying a tenant is required.");
    }
}
