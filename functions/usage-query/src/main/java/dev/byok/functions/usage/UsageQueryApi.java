package dev.byok.functions.usage;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The usage-query function's part of the HTTP API, for the OpenAPI document generated at build time.
 * Lambda handler: Micronaut's {@code APIGatewayV2HTTPEventFunction}.
 */
@OpenAPIDefinition(
        info = @Info(title = "BYOK Orchestrator: usage", version = "v1",
                description = "Usage and cost analytics and run metadata. Read-only."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public final class UsageQueryApi {
    private UsageQueryApi() {
    }
}
