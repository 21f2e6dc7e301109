package dev.byok.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/** The encryption-context condition every direct use of the product's KMS key must carry. */
final class KeyPolicyConditions {

    static final Set<String> CONTEXT_KEYS = Set.of("tenant", "keyId", "provider");

    private KeyPolicyConditions() {
    }

    /**
     * Asserts {@code ForAllValues:StringEquals kms:EncryptionContextKeys = {tenant, keyId, provider}} (no other key)
     * and {@code Null kms:EncryptionContextKeys = false} (ForAllValues alone is also true for an empty context).
     */
    static void assertRequiresTenantContext(JsonNode statement, String where) {
        JsonNode condition = statement.path("Condition");
        Set<String> allowed = new TreeSet<>(CloudFormationTemplate.asStrings(
                condition.path("ForAllValues:StringEquals").path("kms:EncryptionContextKeys")));
        assertEquals(new TreeSet<>(CONTEXT_KEYS), allowed,
                () -> where + ": encryption context keys not restricted to tenant/keyId/provider: " + statement);
        assertEquals("false", condition.path("Null").path("kms:EncryptionContextKeys").asText(),
                () -> where + ": an empty encryption context is not refused: " + statement);
    }
}
