package dev.byok.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The functions, handlers, routes and state machines the template must deploy, as fixed by the code and the API. */
final class DeployedFunctions {

    static final String KEY_REGISTRATION = "KeyRegistrationFunction";
    static final String RECIPE_EXECUTION = "RecipeExecutionFunction";
    static final String USAGE_QUERY = "UsageQueryFunction";
    static final String WORKFLOWS = "WorkflowsFunction";
    /** The workflow state machine's task (recipe-execution artifact, WorkflowStepHandler). */
    static final String WORKFLOW_STEP = "WorkflowStepFunction";
    /** The recipe step task for state machines of a team's own (recipe-execution artifact, RecipeStepHandler). */
    static final String RECIPE_STEP = "RecipeStepFunction";

    /** Functions behind the HTTP API. */
    static final List<String> HTTP_API = List.of(KEY_REGISTRATION, RECIPE_EXECUTION, USAGE_QUERY, WORKFLOWS);
    /** Functions only state machines invoke. */
    static final List<String> STEP_TASKS = List.of(WORKFLOW_STEP, RECIPE_STEP);
    static final List<String> ALL = List.of(KEY_REGISTRATION, RECIPE_EXECUTION, USAGE_QUERY, WORKFLOWS, WORKFLOW_STEP,
            RECIPE_STEP);

    static final String HANDLER = "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction";
    static final String WORKFLOW_STEP_HANDLER = "dev.byok.functions.recipes.WorkflowStepHandler";
    static final String RECIPE_STEP_HANDLER = "dev.byok.functions.recipes.RecipeStepHandler";

    static final String WORKFLOW_STATE_MACHINE = "WorkflowStateMachine";
    static final String EXAMPLE_STATE_MACHINE = "ExampleRecipeChainStateMachine";
    /** State machine → the step task it (and only it) may invoke. */
    static final Map<String, String> STATE_MACHINE_TASKS = Map.of(WORKFLOW_STATE_MACHINE, WORKFLOW_STEP,
            EXAMPLE_STATE_MACHINE, RECIPE_STEP);

    /** "METHOD /path" → logical id of the function that serves it. */
    static final Map<String, String> ROUTES = routes();

    private DeployedFunctions() {
    }

    /** The Lambda handler class each function runs. */
    static String handlerOf(String function) {
        return switch (function) {
            case WORKFLOW_STEP -> WORKFLOW_STEP_HANDLER;
            case RECIPE_STEP -> RECIPE_STEP_HANDLER;
            default -> HANDLER;
        };
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
        for (String route : List.of("POST /workflows", "GET /workflows", "GET /workflows/{workflowId}",
                "PUT /workflows/{workflowId}", "DELETE /workflows/{workflowId}", "POST /workflows/{workflowId}/runs")) {
            routes.put(route, WORKFLOWS);
        }
        return Map.copyOf(routes);
    }
}
