package dev.byok.functions.recipes;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The recipe-execution function's part of the HTTP API, for the OpenAPI document generated at build time.
 * Lambda handler: Micronaut's {@code APIGatewayV2HTTPEventFunction}.
 */
@OpenAPIDefinition(
        info = @Info(title = "BYOK Orchestrator: recipes and runs", version = "v1",
                description = "Recipes (versioned prompt templates with a model) and runs with the tenant's keys."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public final class RecipeExecutionApi {
    private RecipeExecutionApi() {
    }
}
