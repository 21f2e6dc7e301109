package dev.byok.functions.workflows;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The workflows function's part of the HTTP API, for the OpenAPI document generated at build time.
 * Lambda handler: Micronaut's {@code APIGatewayV2HTTPEventFunction}.
 */
@OpenAPIDefinition(
        info = @Info(title = "BYOK Orchestrator: workflows", version = "v1",
                description = "Workflows chain recipes, a model per step; runs execute on a Step Functions Express "
                        + "state machine and keep only each step's run metadata."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public final class WorkflowsApi {
    private WorkflowsApi() {
    }
}
