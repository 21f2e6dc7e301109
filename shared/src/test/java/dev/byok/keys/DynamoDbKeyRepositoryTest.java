package dev.byok.keys;

import dev.byok.audit.AuditAction;
import dev.byok.audit.AuditEvent;
import dev.byok.audit.AuditItems;
import dev.byok.aws.TableConfiguration;
import dev.byok.crypto.EncryptedSecret;
import dev.byok.providers.ProviderKind;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.WithLocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.byok.aws.ItemAttributes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key items, their label locks and the audit items written with them, against moto's DynamoDB. */
@WithLocalAws
class DynamoDbKeyRepositoryTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private LocalAws aws;
    private DynamoDbKeyRepository repository;
    private TenantId tenant;
    private AuthenticatedPrincipal principal;

    @BeforeEach
    void setUp(LocalAws aws) {
        this.aws = aws;
        this.repository = new DynamoDbKeyRepository(aws.dynamoDb(), new TableConfiguration(aws.resources()
                .tableName()));
        this.tenant = new TenantId("repo-" + UUID.randomUUID());
        this.principal = new AuthenticatedPrincipal(tenant, "alice");
    }

    private static ProviderKey key(String keyId, String label, int version) {
        return new ProviderKey(keyId, ProviderKind.ANTHROPIC, label, "WXYZ", "hmac-sha256:" + "0".repeat(64),
                KeyStatus.UNVERIFIED, version, NOW, null, null, null, new KeyMaterial.Envelope(new EncryptedSecret(1,
                "arn:aws:kms:us-east-1:123456789012:key/k", new byte[] {1, 2, 3}, new byte[12], new byte[] {4, 5})));
    }

    private static String newKeyId() {
        return dev.byok.ids.Ids.keyId();
    }

    private AuditEvent event(AuditAction action, String keyId, int version) {
        return AuditEvent.of(NOW, principal, action, keyId, "anthropic", version, AuditEvent.SUCCEEDED);
    }

    /** Every item of the test's tenant, as sort keys. */
    private List<String> sortKeys() {
        return aws.dynamoDb().query(request -> request.tableName(aws.resources().tableName())
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(tenant.partitionKey()))))
                .items().stream().map(item -> item.get("sk").s()).toList();
    }

    private long count(String prefix) {
        return sortKeys().stream().filter(sk -> sk.startsWith(prefix)).count();
    }

    @Test
    void a_key_is_stored_with_its_label_lock_and_audit_event_in_one_write() {
        String keyId = newKeyId();
        ProviderKey key = key(keyId, "Support Team", 1);
        repository.create(tenant, key, List.of(event(AuditAction.KEY_CREATED, keyId, 1)));

        assertEquals(List.of("AUDIT#", "KEY#", "KEYLABEL#"), sortKeys().stream().map(sk -> sk.substring(0,
                sk.indexOf('#') + 1)).sorted().toList());
        assertTrue(sortKeys().contains("KEYLABEL#support team"));
        ProviderKey found = repository.find(tenant, keyId).orElseThrow();
        assertEquals(key.label(), found.label());
        assertEquals(1, found.version());
        assertEquals(List.of(keyId), repository.list(tenant).stream().map(ProviderKey::keyId).toList(),
                "the label lock is not listed as a key");
    }

    @Test
    void a_taken_label_refuses_the_whole_write_including_its_audit_event() {
        repository.create(tenant, key(newKeyId(), "team", 1), List.of());
        String second = newKeyId();
        assertThrows(DuplicateKeyLabelException.class, () -> repository.create(tenant, key(second, " TEAM ", 1),
                List.of(event(AuditAction.KEY_CREATED, second, 1))));
        assertTrue(repository.find(tenant, second).isEmpty());
        assertEquals(0, count("AUDIT#"));
        assertTrue(repository.labelTaken(tenant, "Team"));
        assertFalse(repository.labelTaken(tenant, "other"));
    }

    @Test
    void a_replacement_needs_the_version_it_was_based_on() {
        String keyId = newKeyId();
        repository.create(tenant, key(keyId, "team", 1), List.of());
        repository.replace(tenant, key(keyId, "team", 2), 1, event(AuditAction.KEY_ROTATED, keyId, 2));
        assertEquals(2, repository.find(tenant, keyId).orElseThrow().version());

        assertThrows(KeyChangedConcurrentlyException.class,
                () -> repository.replace(tenant, key(keyId, "team", 2), 1, event(AuditAction.KEY_ROTATED, keyId, 2)));
        assertEquals(1, count("AUDIT#"), "the refused write left no audit item");
        assertThrows(KeyChangedConcurrentlyException.class, () -> repository.replace(tenant,
                key(newKeyId(), "x", 2), 1, event(AuditAction.KEY_ROTATED, keyId, 2)), "no such key");
    }

    @Test
    void deletion_removes_the_key_item_and_its_label_lock_and_is_audited_once() {
        String keyId = newKeyId();
        ProviderKey key = key(keyId, "team", 1);
        repository.create(tenant, key, List.of());
        assertTrue(repository.delete(tenant, key, event(AuditAction.KEY_DELETED, keyId, 1)));
        assertEquals(List.of(), sortKeys().stream().filter(sk -> !sk.startsWith("AUDIT#")).toList(),
                "no key material or lock is left");
        assertFalse(repository.delete(tenant, key, event(AuditAction.KEY_DELETED, keyId, 1)));
        assertEquals(1, count("AUDIT#"));
    }

    @Test
    void deleting_a_key_never_releases_a_label_lock_owned_by_another_key() {
        String legacyId = newKeyId();
        ProviderKey legacy = key(legacyId, "team", 1);
        // A key stored before labels were locked, and a newer key that took the label.
        aws.dynamoDb().putItem(request -> request.tableName(aws.resources().tableName())
                .item(DynamoDbKeyRepository.toItem(tenant, legacy)));
        String newerId = newKeyId();
        repository.create(tenant, key(newerId, "team", 1), List.of());

        assertTrue(repository.delete(tenant, legacy, event(AuditAction.KEY_DELETED, legacyId, 1)));

        assertTrue(repository.find(tenant, legacyId).isEmpty());
        assertTrue(repository.labelTaken(tenant, "team"), "the newer key keeps its label");
    }

    @Test
    void when_the_audit_write_fails_the_key_write_fails_with_it() {
        String keyId = newKeyId();
        AuditEvent created = event(AuditAction.KEY_CREATED, keyId, 1);
        occupy(created); // the audit item's sort key is taken, so its put (attribute_not_exists) is refused
        assertThrows(TransactionCanceledException.class,
                () -> repository.create(tenant, key(keyId, "team", 1), List.of(created)));
        assertTrue(repository.find(tenant, keyId).isEmpty(), "no key without its audit item");
        assertFalse(repository.labelTaken(tenant, "team"));

        repository.create(tenant, key(keyId, "team", 1), List.of());
        AuditEvent rotated = event(AuditAction.KEY_ROTATED, keyId, 2);
        occupy(rotated);
        assertThrows(TransactionCanceledException.class,
                () -> repository.replace(tenant, key(keyId, "team", 2), 1, rotated));
        assertEquals(1, repository.find(tenant, keyId).orElseThrow().version(), "no rotation without its audit");
    }

    private void occupy(AuditEvent event) {
        aws.dynamoDb().putItem(request -> request.tableName(aws.resources().tableName()).item(Map.of(
                "pk", s(tenant.partitionKey()), "sk", s(AuditItems.sortKey(event.at(), event.auditId())))));
    }

    @Test
    void keys_are_only_ever_found_in_their_own_tenants_partition() {
        String keyId = newKeyId();
        repository.create(tenant, key(keyId, "team", 1), List.of());
        TenantId other = new TenantId("repo-other-" + UUID.randomUUID());
        assertTrue(repository.find(other, keyId).isEmpty());
        assertTrue(repository.list(other).isEmpty());
        assertFalse(repository.labelTaken(other, "team"));
        assertFalse(repository.delete(other, key(keyId, "team", 1), event(AuditAction.KEY_DELETED, keyId, 1)));
        assertTrue(repository.find(tenant, keyId).isPresent());
    }

    @Test
    void a_key_registered_by_reference_round_trips_with_only_its_arn() {
        String keyId = newKeyId();
        String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:byok/x-AbCdEf";
        ProviderKey reference = new ProviderKey(keyId, ProviderKind.OPENAI, "ref", null, "hmac-sha256:f",
                KeyStatus.VALID, 3, NOW, NOW, NOW, null, new KeyMaterial.SecretReference(arn));
        repository.create(tenant, reference, List.of());
        assertEquals(reference, repository.find(tenant, keyId).orElseThrow());
        Map<String, AttributeValue> item = aws.dynamoDb().getItem(request -> request.tableName(
                aws.resources().tableName()).key(DynamoDbKeyRepository.keyOf(tenant, keyId))).item();
        assertFalse(item.containsKey("ciphertext"));
        assertFalse(item.containsKey("last4"), "no last 4 for a short key");
    }
}
