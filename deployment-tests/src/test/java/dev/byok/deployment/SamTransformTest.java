package dev.byok.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the real SAM transform (aws-sam-translator, offline) and checks the CloudFormation it produces, i.e. what
 * CloudFormation would actually create, not what the SAM shorthand suggests.
 */
class SamTransformTest {

    private static final Duration TRANSFORM_TIMEOUT = Duration.ofMinutes(2);
    private static CloudFormationTemplate transformed;

    @BeforeAll
    static void transform_the_template_offline() throws Exception {
        List<String> command = List.of(ExternalTool.python(),
                DeploymentFiles.resourceAsFile("sam_transform.py").toString(), "template.yaml", "us-east-1");
        ExternalTool.Result result = ExternalTool.run(command, DeploymentFiles.repositoryRoot(), TRANSFORM_TIMEOUT);
        assertEquals(0, result.exitCode(), () -> "the SAM transform failed:\n" + result.output());
        transformed = CloudFormationTemplate.of(new ObjectMapper().readTree(result.stdout()));
    }

    @Test
    void the_transform_leaves_no_serverless_resource_behind() {
        transformed.root().path("Resources").properties().forEach(resource -> assertFalse(
                resource.getValue().path("Type").asText().startsWith("AWS::Serverless::"),
                () -> resource.getKey() + " was not transformed"));
        assertEquals(DeployedFunctions.ALL.size(), transformed.resourcesOfType("AWS::Lambda::Function").size());
    }

    @Test
    void every_function_runs_its_handler_on_java21_arm64_with_snapstart() {
        for (String function : DeployedFunctions.ALL) {
            JsonNode properties = transformed.root().path("Resources").path(function).path("Properties");
            assertEquals("java21", properties.path("Runtime").asText(), function);
            assertEquals(List.of("arm64"), CloudFormationTemplate.asStrings(properties.path("Architectures")),
                    function);
            assertEquals("PublishedVersions", properties.path("SnapStart").path("ApplyOn").asText(), function);
            assertEquals(DeployedFunctions.handlerOf(function), properties.path("Handler").asText(), function);
            assertEquals("Active", properties.path("TracingConfig").path("Mode").asText(), function);
            assertEquals("JSON", properties.path("LoggingConfig").path("LogFormat").asText(), function);
        }
    }

    @Test
    void every_function_has_a_live_alias_on_a_published_version() {
        Map<String, JsonNode> aliasesByFunction = new HashMap<>();
        transformed.resourcesOfType("AWS::Lambda::Alias").values().forEach(alias -> aliasesByFunction.put(
                alias.path("Properties").path("FunctionName").path("Ref").asText(), alias.path("Properties")));
        for (String function : DeployedFunctions.ALL) {
            JsonNode alias = aliasesByFunction.get(function);
            assertTrue(alias != null, () -> function + " has no alias");
            assertEquals("live", alias.path("Name").asText(), function);
            String version = alias.path("FunctionVersion").path("Fn::GetAtt").path(0).asText();
            assertEquals("AWS::Lambda::Version",
                    transformed.root().path("Resources").path(version).path("Type").asText(), function);
        }
    }

    @Test
    void the_state_machines_become_express_step_functions_that_log_no_execution_data() {
        var machines = transformed.resourcesOfType("AWS::StepFunctions::StateMachine");
        assertEquals(DeployedFunctions.STATE_MACHINE_TASKS.keySet(), machines.keySet());
        machines.forEach((name, machine) -> {
            JsonNode properties = machine.path("Properties");
            assertEquals("EXPRESS", properties.path("StateMachineType").asText(), name);
            assertEquals(false, properties.path("LoggingConfiguration").path("IncludeExecutionData").asBoolean(true),
                    name);
            String task = DeployedFunctions.STATE_MACHINE_TASKS.get(name);
            properties.path("DefinitionSubstitutions").forEach(value -> assertEquals(task + "Aliaslive",
                    value.path("Ref").asText(), name));
        });
    }

    @Test
    void the_api_serves_exactly_the_v1_routes_through_the_live_aliases() {
        Map<String, String> served = new HashMap<>();
        api().path("Body").path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            String uri = method.getValue().path("x-amazon-apigateway-integration").path("uri").path("Fn::Sub").asText();
            served.put(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), uri);
        }));

        assertEquals(DeployedFunctions.ROUTES.keySet(), served.keySet());
        DeployedFunctions.ROUTES.forEach((route, function) -> assertTrue(
                served.get(route).contains("${" + function + "Aliaslive}"),
                () -> route + " does not invoke " + function + "'s live alias: " + served.get(route)));
    }

    @Test
    void every_route_requires_the_jwt_authorizer_by_default() {
        JsonNode body = api().path("Body");
        JsonNode schemes = body.path("components").path("securitySchemes");
        assertEquals(1, schemes.size(), "exactly one authorizer");
        String authorizer = schemes.properties().iterator().next().getKey();
        JsonNode extension = schemes.path(authorizer).path("x-amazon-apigateway-authorizer");
        assertEquals("jwt", extension.path("type").asText());
        assertEquals("$request.header.Authorization", extension.path("identitySource").asText());
        assertFalse(extension.path("jwtConfiguration").path("issuer").isMissingNode(), "issuer");
        assertFalse(extension.path("jwtConfiguration").path("audience").isMissingNode(), "audience");

        body.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            JsonNode security = method.getValue().path("security");
            assertEquals(1, security.size(), () -> method.getKey() + " " + path.getKey());
            assertTrue(security.get(0).has(authorizer),
                    () -> method.getKey() + " " + path.getKey() + " is not behind " + authorizer);
        }));
    }

    @Test
    void the_stage_throttles_and_writes_access_logs_without_bodies_or_headers() {
        JsonNode stage = transformed.resourcesOfType("AWS::ApiGatewayV2::Stage").values().iterator().next()
                .path("Properties");
        assertTrue(stage.path("DefaultRouteSettings").has("ThrottlingBurstLimit"));
        assertTrue(stage.path("DefaultRouteSettings").has("ThrottlingRateLimit"));
        String format = stage.path("AccessLogSettings").path("Format").asText();
        assertTrue(format.contains("$context.requestId"), format);
        for (String leak : List.of("$request.body", "$context.authorizer.claims", "$request.header",
                "$context.identity", "authorization")) {
            assertFalse(format.toLowerCase(Locale.ROOT).contains(leak.toLowerCase(Locale.ROOT)),
                    () -> "access log format includes " + leak);
        }
    }

    private static JsonNode api() {
        return transformed.root().path("Resources")
                .path(transformed.onlyResourceOfType("AWS::ApiGatewayV2::Api")).path("Properties");
    }
}
