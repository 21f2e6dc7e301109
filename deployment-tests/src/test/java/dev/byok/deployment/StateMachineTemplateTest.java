package dev.byok.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state machines of template.yaml: Express, logged without execution data (inputs and outputs pass through
 * their state), each allowed to invoke exactly its own step task's live alias, definitions taken from their
 * statemachines/*.asl.json with every placeholder substituted.
 */
class StateMachineTemplateTest {

    private static final CloudFormationTemplate TEMPLATE = CloudFormationTemplate.read(DeploymentFiles.template());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");
    private static final Set<String> LOG_DELIVERY = Set.of("logs:CreateLogDelivery", "logs:GetLogDelivery",
            "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");

    @SuppressWarnings("unused") // used by @FieldSource
    private static final List<String> STATE_MACHINES = List.copyOf(new TreeSet<>(
            DeployedFunctions.STATE_MACHINE_TASKS.keySet()));

    private static JsonNode properties(String stateMachine) {
        JsonNode resource = TEMPLATE.root().path("Resources").path(stateMachine);
        assertEquals("AWS::Serverless::StateMachine", resource.path("Type").asText(), stateMachine);
        return resource.path("Properties");
    }

    @Test
    void the_template_deploys_exactly_the_known_state_machines() {
        assertEquals(DeployedFunctions.STATE_MACHINE_TASKS.keySet(),
                TEMPLATE.resourcesOfType("AWS::Serverless::StateMachine").keySet());
        assertEquals(Set.of(), TEMPLATE.resourcesOfType("AWS::StepFunctions::StateMachine").keySet());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("STATE_MACHINES")
    void is_express_and_logs_without_execution_data_to_its_own_log_group_with_retention(String stateMachine) {
        JsonNode properties = properties(stateMachine);
        assertEquals("EXPRESS", properties.path("Type").asText());
        JsonNode logging = properties.path("Logging");
        assertEquals(false, logging.path("IncludeExecutionData").asBoolean(true), "execution data would be logged");
        JsonNode arn = logging.path("Destinations").path(0).path("CloudWatchLogsLogGroup").path("LogGroupArn");
        String logGroup = arn.path("Fn::GetAtt").path(0).asText();
        assertTrue(CloudFormationTemplate.isGetAtt(arn, logGroup, "Arn"), arn::toString);
        JsonNode group = TEMPLATE.root().path("Resources").path(logGroup);
        assertEquals("AWS::Logs::LogGroup", group.path("Type").asText());
        assertEquals("LogRetentionDays", group.path("Properties").path("RetentionInDays").path("Ref").asText());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("STATE_MACHINES")
    void its_role_may_invoke_only_its_step_tasks_live_alias_and_deliver_logs(String stateMachine) {
        String task = DeployedFunctions.STATE_MACHINE_TASKS.get(stateMachine);
        boolean invokes = false;
        for (JsonNode policy : properties(stateMachine).path("Policies")) {
            assertTrue(policy.has("Statement"), () -> stateMachine + " uses a policy template: " + policy);
            for (JsonNode statement : CloudFormationTemplate.asList(policy.path("Statement"))) {
                assertEquals("Allow", statement.path("Effect").asText());
                List<String> actions = CloudFormationTemplate.asStrings(statement.path("Action"));
                if (actions.contains("lambda:InvokeFunction")) {
                    assertEquals(List.of("lambda:InvokeFunction"), actions);
                    assertEquals(task + ".Alias", statement.path("Resource").path("Ref").asText(),
                            () -> stateMachine + " may invoke more than " + task + "'s alias: " + statement);
                    invokes = true;
                } else {
                    // Vended log delivery takes no resource-level permission; nothing else may use '*'.
                    assertTrue(LOG_DELIVERY.containsAll(actions), () -> stateMachine + " may also " + actions);
                }
            }
        }
        assertTrue(invokes, stateMachine + " cannot invoke its step task");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("STATE_MACHINES")
    void its_definition_file_has_every_placeholder_substituted_with_its_step_task(String stateMachine)
            throws IOException {
        JsonNode properties = properties(stateMachine);
        String uri = properties.path("DefinitionUri").asText();
        assertTrue(uri.startsWith("statemachines/") && uri.endsWith(".asl.json"), uri);
        String definition = Files.readString(DeploymentFiles.repositoryRoot().resolve(uri));
        Set<String> placeholders = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(definition);
        while (matcher.find()) {
            placeholders.add(matcher.group(1));
        }
        JsonNode substitutions = properties.path("DefinitionSubstitutions");
        Set<String> substituted = new TreeSet<>();
        substitutions.fieldNames().forEachRemaining(substituted::add);
        assertEquals(placeholders, substituted);
        String task = DeployedFunctions.STATE_MACHINE_TASKS.get(stateMachine);
        substitutions.forEach(value -> assertEquals(task + ".Alias", value.path("Ref").asText(), value::toString));
    }

    @Test
    void the_workflows_function_starts_the_workflow_state_machine_and_the_stack_outputs_its_arn() {
        JsonNode variables = TEMPLATE.root().path("Resources").path(DeployedFunctions.WORKFLOWS).path("Properties")
                .path("Environment").path("Variables");
        assertEquals("step-functions", variables.path("BYOK_WORKFLOW_RUNNER").asText());
        assertEquals(DeployedFunctions.WORKFLOW_STATE_MACHINE,
                variables.path("BYOK_WORKFLOW_STATE_MACHINE_ARN").path("Ref").asText());
        assertEquals(DeployedFunctions.WORKFLOW_STATE_MACHINE,
                TEMPLATE.root().path("Outputs").path("StateMachineArn").path("Value").path("Ref").asText());
    }

    @Test
    void the_step_tasks_have_no_http_route() {
        for (String task : DeployedFunctions.STEP_TASKS) {
            assertFalse(TEMPLATE.root().path("Resources").path(task).path("Properties").has("Events"), task);
        }
    }
}
