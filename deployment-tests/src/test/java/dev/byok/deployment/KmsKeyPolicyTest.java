package dev.byok.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key policy of the product's KMS key: tenant keys are only wrapped and unwrapped with their context. */
class KmsKeyPolicyTest {

    private static final CloudFormationTemplate TEMPLATE = CloudFormationTemplate.read(DeploymentFiles.template());
    private static final JsonNode KEY = TEMPLATE.root().path("Resources")
            .path(TEMPLATE.onlyResourceOfType("AWS::KMS::Key")).path("Properties");

    @Test
    void the_key_rotates() {
        assertTrue(KEY.path("EnableKeyRotation").asBoolean());
    }

    @Test
    void every_direct_use_of_the_key_requires_the_tenant_encryption_context() {
        int envelopeStatements = 0;
        for (JsonNode statement : allowStatements()) {
            List<String> actions = CloudFormationTemplate.asStrings(statement.path("Action"));
            boolean crypto = actions.stream().anyMatch(action -> action.startsWith("kms:GenerateDataKey")
                    || action.equals("kms:Decrypt") || action.equals("kms:Encrypt")
                    || action.startsWith("kms:ReEncrypt"));
            if (!crypto || isThroughDynamoDb(statement)) {
                continue;
            }
            KeyPolicyConditions.assertRequiresTenantContext(statement, statement.path("Sid").asText());
            envelopeStatements++;
        }
        assertTrue(envelopeStatements > 0, "no statement allows the functions to use the key");
    }

    @Test
    void data_keys_can_be_generated_and_decrypted_under_the_context() {
        boolean generate = false;
        boolean decrypt = false;
        for (JsonNode statement : allowStatements()) {
            if (isThroughDynamoDb(statement)) {
                continue;
            }
            List<String> actions = CloudFormationTemplate.asStrings(statement.path("Action"));
            generate |= actions.contains("kms:GenerateDataKey");
            decrypt |= actions.contains("kms:Decrypt");
        }
        assertTrue(generate, "nobody may call kms:GenerateDataKey");
        assertTrue(decrypt, "nobody may call kms:Decrypt");
    }

    @Test
    void no_statement_grants_every_kms_action() {
        for (JsonNode statement : allowStatements()) {
            for (String action : CloudFormationTemplate.asStrings(statement.path("Action"))) {
                assertFalse(action.equals("*") || action.equals("kms:*"), () -> "wildcard in " + statement);
            }
        }
    }

    @Test
    void dynamodb_may_use_the_key_only_through_the_service_in_this_account() {
        List<JsonNode> throughDynamoDb =
                allowStatements().stream().filter(KmsKeyPolicyTest::isThroughDynamoDb).toList();
        assertEquals(1, throughDynamoDb.size(), "one statement for table encryption");
        JsonNode equals = throughDynamoDb.get(0).path("Condition").path("StringEquals");
        assertEquals("AWS::AccountId", equals.path("kms:CallerAccount").path("Ref").asText());
    }

    @Test
    void every_function_allowed_to_decrypt_is_allowed_by_the_key_policy_through_its_role_path() {
        for (String function : DeployedFunctions.ALL) {
            if (!FunctionIamPolicyTest.allowedActions(function).contains("kms:Decrypt")) {
                continue;
            }
            String rolePath = TEMPLATE.functionProperty(function, "RolePath").path("Fn::Sub").asText();
            assertTrue(rolePath.startsWith("/byok/"), () -> function + " has no RolePath the key policy could match");
            boolean matched = allowStatements().stream().filter(statement -> !isThroughDynamoDb(statement))
                    .filter(statement -> CloudFormationTemplate.asStrings(statement.path("Action"))
                            .contains("kms:Decrypt"))
                    .anyMatch(statement -> statement.path("Condition").path("ArnLike").path("aws:PrincipalArn")
                            .path("Fn::Sub").asText().endsWith(":role" + rolePath + "*"));
            assertTrue(matched, () -> function + "'s role path " + rolePath + " is in no key policy statement");
        }
    }

    private static List<JsonNode> allowStatements() {
        return CloudFormationTemplate.asList(KEY.path("KeyPolicy").path("Statement")).stream()
                .filter(statement -> "Allow".equals(statement.path("Effect").asText()))
                .toList();
    }

    private static boolean isThroughDynamoDb(JsonNode statement) {
        JsonNode viaService = statement.path("Condition").path("StringEquals").path("kms:ViaService");
        return viaService.path("Fn::Sub").asText().startsWith("dynamodb.");
    }
}
