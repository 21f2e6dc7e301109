package dev.byok.functions.keys;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;

/**
 * The key-registration function's part of the HTTP API, for the OpenAPI document generated at build time
 * ({@code target/classes/META-INF/swagger/}). Lambda handler: Micronaut's {@code APIGatewayV2HTTPEventFunction}.
 */
@OpenAPIDefinition(
        info = @Info(title = "BYOK Orchestrator: keys", version = "v1",
                description = "Provider keys: register (KMS envelope encryption or a Secrets Manager reference), list, "
                        + "show, rotate, verify, delete; the audit trail of those changes."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public final class KeyRegistrationApi {
    private KeyRegistrationApi() {
    }
}
