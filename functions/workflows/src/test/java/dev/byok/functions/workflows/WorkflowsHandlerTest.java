package dev.byok.functions.workflows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.byok.keys.KeyService;
import dev.byok.keys.RegisterKeyRequest;
import dev.byok.recipes.ModelSelection;
import dev.byok.recipes.RecipeParameters;
import dev.byok.recipes.RecipeRequest;
import dev.byok.recipes.RecipeService;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.TableInspector;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.testing.lambda.HttpApiHandlers;
import dev.byok.testing.lambda.LambdaEvents;
import dev.byok.testing.providers.ProviderFakes;
import dev.byok.workflows.WorkflowsConfiguration;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Workflow definitions through the workflows Lambda handler, fed events/workflows-*.json, on moto. */
@WithLocalAws
class WorkflowsHandlerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final AuthenticatedPrincipal ACME = new AuthenticatedPrincipal(new TenantId("acme"), "test");
    private static APIGatewayV2HTTPEventFunction handler;
    private static Map<String, String> fixture;

    @BeforeAll
    static void startHandler() {
        handler = start();
        fixture = recipesAndKeys(handler.getApplicationContext());
    }

    @AfterAll
    static void stopHandler() {
        handler.close();
    }

    @AfterEach
    void resetFakes() {
        ProviderFakes.resetStarted();
    }

    /** The real handler, running workflows in process (moto cannot run the Java step task). */
    static APIGatewayV2HTTPEventFunction start() {
        Map<String, Object> properties = new HashMap<>(TestApplication.properties());
        properties.put(WorkflowsConfiguration.RUNNER_PROPERTY, WorkflowsConfiguration.IN_PROCESS);
        return HttpApiHandlers.start(properties);
    }

    /**
     * An Anthropic and an OpenAI key, an "Extract facts" recipe with an output schema and a "Support reply" recipe
     * (events/recipes-create.json's), as the placeholders of events/workflows-create.json.
     */
    static Map<String, String> recipesAndKeys(ApplicationContext context) {
        KeyService keys = context.getBean(KeyService.class);
        String anthropicKey = keys.register(ACME, new RegisterKeyRequest("anthropic", "wf anthropic "
                + UUID.randomUUID(), "sk-ant-" + UUID.randomUUID(), null, null)).keyId();
        String openAiKey = keys.register(ACME, new RegisterKeyRequest("openai", "wf openai " + UUID.randomUUID(),
                "sk-" + UUID.randomUUID(), null, null)).keyId();
        RecipeService recipes = context.getBean(RecipeService.class);
        String extract = recipes.create(ACME, new RecipeRequest("Extract facts", "support", null,
                "Summarise this customer message: {{message}}", null, Map.of("type", "object", "properties",
                Map.of("summary", Map.of("type", "string"), "sentiment", Map.of("type", "string")), "required",
                List.of("summary", "sentiment")), new ModelSelection("anthropic", "claude-haiku-4-5", anthropicKey),
                new RecipeParameters(200, null), null, null)).recipeId();
        String reply = recipes.create(ACME, new RecipeRequest("Support reply", "support",
                "You answer customers of {{company}} politely.", "Customer message: {{message}}\nReply in "
                + "{{language}}.", null, null, new ModelSelection("anthropic", "claude-haiku-4-5", anthropicKey),
                new RecipeParameters(300, null), null, null)).recipeId();
        return Map.of("extractRecipeId", extract, "replyRecipeId", reply, "keyId", openAiKey,
                "anthropicKeyId", anthropicKey);
    }

    static APIGatewayV2HTTPEvent event(String file, Map<String, String> fixture, Map<String, String> values) {
        Map<String, String> placeholders = new HashMap<>(fixture);
        placeholders.putAll(values);
        return LambdaEvents.load(file, placeholders);
    }

    static APIGatewayV2HTTPEvent as(String tenant, APIGatewayV2HTTPEvent event) {
        return LambdaEvents.withClaims(event, Map.of("sub", "someone", "custom:tenant", tenant));
    }

    static JsonNode call(APIGatewayV2HTTPEventFunction handler, APIGatewayV2HTTPEvent event, int status)
            throws Exception {
        APIGatewayV2HTTPResponse response = HttpApiHandlers.invoke(handler, event);
        assertEquals(status, response.getStatusCode(), response.getBody());
        if (status >= 400) {
            assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        }
        return response.getBody() == null || response.getBody().isEmpty() ? null : JSON.readTree(response.getBody());
    }

    private static List<Map<String, AttributeValue>> workflowItems(LocalAws aws, String tenant) {
        return TableInspector.of(aws).items().stream().filter(item -> item.get("pk").s().equals("TENANT#" + tenant)
                && item.get("sk").s().startsWith("WORKFLOW#")).toList();
    }

    private static APIGatewayV2HTTPEvent createWith(ObjectNode body, String tenant) throws Exception {
        return as(tenant, LambdaEvents.withBody(event("workflows-create.json", fixture, Map.of()),
                JSON.writeValueAsString(body)));
    }

    @Test
    void a_workflow_is_created_read_listed_updated_and_deleted_through_the_events() throws Exception {
        JsonNode created = call(handler, event("workflows-create.json", fixture, Map.of()), 201);
        String workflowId = created.get("workflowId").asText();
        Map<String, String> id = Map.of("workflowId", workflowId);

        JsonNode read = call(handler, event("workflows-get.json", fixture, id), 200);
        JsonNode listed = call(handler, event("workflows-list.json", fixture, id), 200);
        JsonNode updated = call(handler, event("workflows-update.json", fixture, id), 200);
        call(handler, event("workflows-delete.json", fixture, id), 204);
        JsonNode gone = call(handler, event("workflows-get.json", fixture, id), 404);

        assertTrue(workflowId.startsWith("wfl_"));
        assertEquals(1, created.get("version").asInt());
        assertEquals(created, read);
        assertTrue(listed.get("items").findValuesAsText("workflowId").contains(workflowId));
        assertEquals("{{steps.extract.output.summary}}",
                read.get("steps").get(1).get("input").get("message").asText());
        assertEquals("gpt-4o-mini", read.get("steps").get(1).get("model").get("model").asText());
        assertEquals(2, updated.get("version").asInt());
        assertEquals("German", updated.get("steps").get(1).get("input").get("language").asText());
        assertEquals("workflow_not_found", gone.get("code").asText());
        assertEquals(workflowId, gone.get("workflowId").asText());
    }

    @Test
    void a_definition_with_unknown_recipes_bad_references_and_duplicate_names_is_a_400_that_writes_nothing(
            LocalAws aws) throws Exception {
        String tenant = "wf-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode body = (ObjectNode) JSON.readTree(event("workflows-create.json", fixture, Map.of()).getBody());
        ArrayNode steps = (ArrayNode) body.get("steps");
        ((ObjectNode) steps.get(0)).putObject("input").put("message", "{{steps.reply.output}}");
        ((ObjectNode) steps.get(1)).put("name", "extract");

        JsonNode problem = call(handler, createWith(body, tenant), 400);

        assertEquals("invalid_request", problem.get("code").asText());
        List<String> errors = JSON.convertValue(problem.get("errors"), List.class);
        // Another tenant's recipes and keys (the fixture is acme's) are unknown to this one.
        assertTrue(errors.contains("steps[0].recipeId must name one of your recipes"), errors.toString());
        assertTrue(errors.contains("steps[0].input refers to step 'reply' ({{steps.reply.output}}), which does not "
                + "exist"), errors.toString());
        assertTrue(errors.contains("steps[1].name repeats the name of steps[0]"), errors.toString());
        assertTrue(errors.contains("steps[1].model.keyId must name one of your keys"), errors.toString());
        assertEquals(List.of(), workflowItems(aws, tenant));
    }

    @Test
    void a_mapping_to_a_later_step_is_refused_when_the_workflow_is_saved(LocalAws aws) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(event("workflows-create.json", fixture, Map.of()).getBody());
        ((ObjectNode) body.get("steps").get(0)).putObject("input").put("message", "{{steps.reply.output.text}}");
        int before = workflowItems(aws, "acme").size();

        JsonNode problem = call(handler, createWith(body, "acme"), 400);

        assertEquals(List.of("steps[0].input refers to step 'reply' ({{steps.reply.output.text}}), which runs later"),
                JSON.convertValue(problem.get("errors"), List.class));
        assertEquals(before, workflowItems(aws, "acme").size());
    }

    @Test
    void another_tenants_workflow_is_not_found_for_every_route() throws Exception {
        String workflowId = call(handler, event("workflows-create.json", fixture, Map.of()), 201)
                .get("workflowId").asText();
        Map<String, String> id = Map.of("workflowId", workflowId, "company", "Globex", "message", "hello");

        for (String file : List.of("workflows-get.json", "workflows-update.json", "workflows-delete.json",
                "workflows-run.json")) {
            JsonNode problem = call(handler, as("globex", event(file, fixture, id)), 404);
            assertEquals("workflow_not_found", problem.get("code").asText(), file);
        }
        assertFalse(call(handler, as("globex", event("workflows-list.json", fixture, id)), 200)
                .get("items").findValuesAsText("workflowId").contains(workflowId));
        call(handler, event("workflows-get.json", fixture, id), 200);
        assertTrue(ProviderFakes.anthropic().requests().isEmpty());
    }

    @Test
    void a_request_without_a_tenant_claim_is_401() throws Exception {
        APIGatewayV2HTTPEvent anonymous = LambdaEvents.withClaims(event("workflows-list.json", fixture, Map.of()),
                Map.of("sub", "someone"));

        assertEquals("unauthenticated", call(handler, anonymous, 401).get("code").asText());
    }
}
