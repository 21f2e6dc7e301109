package dev.byok.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The functions and routes the template must deploy, as fixed by the code and the v1 API contract. */
final class DeployedFunctions {

    static final String KEY_REGISTRATION = "KeyRegistrationFunction";
    static final String RECIPE_EXECUTION = "RecipeExecutionFunction";
    static final String USAGE_QUERY = "UsageQueryFunction";
    static final List<String> ALL = List.of(KEY_REGISTRATION, RECIPE_EXECUTION, USAGE_QUERY);

    static final String HANDLER = "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction";

    /** "METHOD /path" → logical id of the function that serves it. */
    static final Map<String, String> ROUTES = routes();

    private DeployedFunctions() {
    }

    private static Map<String, String> routes() {
        Map<String, String> routes = new LinkedHashMap<>();
        for (String route : List.of("POST /keys", "GET /keys", "GET /keys/{keyId}", "PUT /keys/{keyId}",
                "DELETE /keys/{keyId}", "POST /keys/{keyId}/verify", "GET /audit", "GET /settings", "PUT /settings")) {
            routes.put(route, KEY_REGISTRATION);
        }
        for (String route : List.of("POST /recipes", "GET /recipes", "GET /recipes/{recipeId}",
                "PUT /recipes/{recipeId}", "DELETE /recipes/{recipeId}", "POST /recipes/{recipeId}/runs")) {
            routes.put(route, RECIPE_EXECUTION);
        }
        routes.put("GET /usage", USAGE_QUERY);
        routes.put("GET /runs", USAGE_QUERY);
        return Map.copyOf(routes);
    }
}
