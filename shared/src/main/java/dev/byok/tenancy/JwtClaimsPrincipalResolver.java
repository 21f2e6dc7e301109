package dev.byok.tenancy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;

/**
 * Reads the principal from the claims that API Gateway's JWT authorizer put on the HTTP API (payload v2) event.
 * API Gateway has already validated the token's signature, issuer, audience and expiry; anything else (a bearer
 * header, a body field) is ignored, so the tenant can only come from a token the authorizer accepted.
 */
@Singleton
public class JwtClaimsPrincipalResolver implements PrincipalResolver {
    private final String tenantClaim;

    public JwtClaimsPrincipalResolver(AuthConfiguration configuration) {
        this.tenantClaim = configuration.tenantClaim();
    }

    @Override
    public Optional<AuthenticatedPrincipal> resolve(HttpRequest<?> request) {
        if (!(request instanceof ServletHttpRequest<?, ?> servletRequest)
                || !(servletRequest.getNativeRequest() instanceof APIGatewayV2HTTPEvent event)) {
            return Optional.empty();
        }
        Map<String, String> claims = claimsOf(event);
        String tenant = claims.get(tenantClaim);
        if (!TenantId.isValid(tenant)) {
            return Optional.empty();
        }
        String subject = claims.getOrDefault("sub", "unknown");
        return Optional.of(new AuthenticatedPrincipal(new TenantId(tenant), subject));
    }

    private static Map<String, String> claimsOf(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null) {
            return Map.of();
        }
        Map<String, String> claims = context.getAuthorizer().getJwt().getClaims();
        return claims == null ? Map.of() : claims;
    }
}
