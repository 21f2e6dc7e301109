package dev.byok.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Least privilege per function, read from the explicit policy statements each function declares in the template. */
class FunctionIamPolicyTest {

    private static final CloudFormationTemplate TEMPLATE = CloudFormationTemplate.read(DeploymentFiles.template());
    private static final String TABLE = TEMPLATE.onlyResourceOfType("AWS::DynamoDB::Table");
    private static final String KEY = TEMPLATE.onlyResourceOfType("AWS::KMS::Key");
    private static final Set<String> READ_ONLY_ACTIONS =
            Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query");

    @SuppressWarnings("unused") // used by @FieldSource
    private static final List<String> FUNCTIONS = DeployedFunctions.ALL;

    @ParameterizedTest(name = "{0}")
    @FieldSource("FUNCTIONS")
    void no_action_is_a_wildcard(String function) {
        for (JsonNode statement : statements(function)) {
            assertFalse(statement.has("NotAction"), () -> function + " uses NotAction: " + statement);
            for (String action : CloudFormationTemplate.asStrings(statement.path("Action"))) {
                assertFalse(action.contains("*"), () -> function + " has wildcard action " + action);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("FUNCTIONS")
    void every_resource_is_named_by_reference_never_by_wildcard_or_literal(String function) {
        for (JsonNode statement : statements(function)) {
            assertFalse(statement.has("NotResource"), () -> function + " uses NotResource: " + statement);
            List<JsonNode> resources = CloudFormationTemplate.asList(statement.path("Resource"));
            assertFalse(resources.isEmpty(), () -> function + " statement without Resource: " + statement);
            for (JsonNode resource : resources) {
                assertFalse(resource.isTextual(),
                        () -> function + " names a resource as a literal string: " + resource.asText());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("FUNCTIONS")
    void table_and_key_statements_reference_the_table_and_key_of_this_stack(String function) {
        for (JsonNode statement : statements(function)) {
            List<String> actions = CloudFormationTemplate.asStrings(statement.path("Action"));
            for (JsonNode resource : CloudFormationTemplate.asList(statement.path("Resource"))) {
                if (actions.stream().anyMatch(action -> action.startsWith("dynamodb:"))) {
                    assertTrue(CloudFormationTemplate.isGetAtt(resource, TABLE, "Arn"),
                            () -> function + " DynamoDB statement not on !GetAtt " + TABLE + ".Arn: " + resource);
                }
                if (actions.stream().anyMatch(action -> action.startsWith("kms:"))) {
                    assertTrue(CloudFormationTemplate.isGetAtt(resource, KEY, "Arn"),
                            () -> function + " KMS statement not on !GetAtt " + KEY + ".Arn: " + resource);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("FUNCTIONS")
    void no_function_may_scan_the_table(String function) {
        assertFalse(allowedActions(function).contains("dynamodb:Scan"), function);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("FUNCTIONS")
    void every_kms_permission_requires_the_tenant_encryption_context(String function) {
        for (JsonNode statement : statements(function)) {
            boolean kms = CloudFormationTemplate.asStrings(statement.path("Action")).stream()
                    .anyMatch(action -> action.startsWith("kms:"));
            if (kms && "Allow".equals(statement.path("Effect").asText())) {
                KeyPolicyConditions.assertRequiresTenantContext(statement, function);
            }
        }
    }

    @Test
    void usage_query_is_read_only() {
        Set<String> actions = allowedActions(DeployedFunctions.USAGE_QUERY);
        assertFalse(actions.isEmpty());
        assertTrue(READ_ONLY_ACTIONS.containsAll(actions), () -> "usage query may do more than read: " + actions);
    }

    @Test
    void usage_query_has_no_kms_permission_at_all() {
        Set<String> actions = allowedActions(DeployedFunctions.USAGE_QUERY);
        assertTrue(actions.stream().noneMatch(action -> action.startsWith("kms:")), actions::toString);
    }

    @Test
    void only_key_registration_may_generate_data_keys() {
        for (String function : DeployedFunctions.ALL) {
            boolean generates = allowedActions(function).contains("kms:GenerateDataKey");
            assertEquals(DeployedFunctions.KEY_REGISTRATION.equals(function), generates, function);
        }
    }

    @Test
    void recipe_execution_may_decrypt_tenant_keys() {
        assertTrue(allowedActions(DeployedFunctions.RECIPE_EXECUTION).contains("kms:Decrypt"));
    }

    @Test
    void only_the_workflows_function_may_start_a_state_machine_and_only_the_workflow_one_synchronously() {
        for (String function : DeployedFunctions.ALL) {
            for (JsonNode statement : statements(function)) {
                List<String> actions = CloudFormationTemplate.asStrings(statement.path("Action"));
                if (actions.stream().noneMatch(action -> action.startsWith("states:"))) {
                    continue;
                }
                assertEquals(DeployedFunctions.WORKFLOWS, function, () -> function + " may use Step Functions");
                assertEquals(List.of("states:StartSyncExecution"), actions);
                assertEquals(List.of(DeployedFunctions.WORKFLOW_STATE_MACHINE), CloudFormationTemplate.asList(
                        statement.path("Resource")).stream().map(resource -> resource.path("Ref").asText()).toList());
            }
        }
        assertTrue(allowedActions(DeployedFunctions.WORKFLOWS).contains("states:StartSyncExecution"));
    }

    @Test
    void the_workflows_function_reads_no_secret_and_uses_no_key() {
        Set<String> actions = allowedActions(DeployedFunctions.WORKFLOWS);
        assertTrue(actions.stream().noneMatch(action -> action.startsWith("kms:")
                || action.startsWith("secretsmanager:")), actions::toString);
    }

    @Test
    void no_function_may_invoke_another_function() {
        for (String function : DeployedFunctions.ALL) {
            assertTrue(allowedActions(function).stream().noneMatch(action -> action.startsWith("lambda:")), function);
        }
    }

    @Test
    void the_step_tasks_may_decrypt_tenant_keys_but_never_read_the_fingerprint_key() {
        String secret = TEMPLATE.onlyResourceOfType("AWS::SecretsManager::Secret");
        for (String function : DeployedFunctions.STEP_TASKS) {
            assertTrue(allowedActions(function).contains("kms:Decrypt"), function);
            assertTrue(statements(function).stream().anyMatch(statement -> "Deny".equals(statement.path("Effect")
                    .asText()) && secret.equals(statement.path("Resource").path("Ref").asText())), function);
            assertFalse(allowedActions(function).contains("dynamodb:DeleteItem"), function + " deletes nothing");
        }
    }

    static Set<String> allowedActions(String function) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode statement : statements(function)) {
            if ("Allow".equals(statement.path("Effect").asText())) {
                actions.addAll(CloudFormationTemplate.asStrings(statement.path("Action")));
            }
        }
        return actions;
    }

    /** Every statement of the function's inline policies; SAM policy templates or managed policies are refused. */
    private static List<JsonNode> statements(String function) {
        JsonNode policies = TEMPLATE.root().path("Resources").path(function).path("Properties").path("Policies");
        assertTrue(policies.isArray() && !policies.isEmpty(), () -> function + " declares no Policies");
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode policy : policies) {
            assertTrue(policy.has("Statement"),
                    () -> function + " uses a policy that is not an explicit statement list: " + policy);
            statements.addAll(CloudFormationTemplate.asList(policy.path("Statement")));
        }
        return statements;
    }
}
