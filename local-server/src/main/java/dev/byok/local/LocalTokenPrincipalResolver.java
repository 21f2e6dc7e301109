package dev.byok.local;

import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.JwtClaimsPrincipalResolver;
import dev.byok.tenancy.PrincipalResolver;
import dev.byok.tenancy.TenantId;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The local server's stand-in for API Gateway's JWT authorizer: {@code Authorization: Bearer <token>} is looked up
 * in {@link LocalTokens}. Only active in the {@code local} environment, only in this module.
 */
@Singleton
@Requires(env = LocalDevServer.ENVIRONMENT)
@Replaces(JwtClaimsPrincipalResolver.class)
public class LocalTokenPrincipalResolver implements PrincipalResolver {
    private final Map<String, String> tokens;

    public LocalTokenPrincipalResolver(LocalTokens tokens) {
        this.tokens = tokens.tokens();
    }

    @Override
    public Optional<AuthenticatedPrincipal> resolve(HttpRequest<?> request) {
        String header = request.getHeaders().getAuthorization().orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, String> entry : tokens.entrySet()) {
            if (MessageDigest.isEqual(presented, entry.getKey().getBytes(StandardCharsets.UTF_8))
                    && TenantId.isValid(entry.getValue())) {
                return Optional.of(new AuthenticatedPrincipal(new TenantId(entry.getValue()),
                        "local:" + entry.getValue()));
            }
        }
        return Optional.empty();
    }
}
