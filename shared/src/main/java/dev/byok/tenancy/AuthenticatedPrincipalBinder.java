package dev.byok.tenancy;

import dev.byok.logging.LogContext;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;

/**
 * Lets a controller method declare an {@link AuthenticatedPrincipal} parameter. A request without a principal fails
 * with 401 before the method runs, so no controller can forget the check.
 */
@Singleton
public class AuthenticatedPrincipalBinder implements TypedRequestArgumentBinder<AuthenticatedPrincipal> {
    private static final Argument<AuthenticatedPrincipal> TYPE = Argument.of(AuthenticatedPrincipal.class);
    private final PrincipalResolver resolver;

    public AuthenticatedPrincipalBinder(PrincipalResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Argument<AuthenticatedPrincipal> argumentType() {
        return TYPE;
    }

    @Override
    public BindingResult<AuthenticatedPrincipal> bind(ArgumentConversionContext<AuthenticatedPrincipal> context,
                                                      HttpRequest<?> request) {
        AuthenticatedPrincipal principal = resolver.resolve(request).orElseThrow(UnauthenticatedException::new);
        LogContext.putTenant(principal.tenant());
        return () -> java.util.Optional.of(principal);
    }
}
