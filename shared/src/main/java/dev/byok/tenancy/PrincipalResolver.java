package dev.byok.tenancy;

import io.micronaut.http.HttpRequest;

import java.util.Optional;

/** Port: finds the authenticated principal of a request. Exactly one implementation is active per deployment. */
public interface PrincipalResolver {
    /** The principal, or empty when the request carries none that this resolver trusts. */
    Optional<AuthenticatedPrincipal> resolve(HttpRequest<?> request);
}
