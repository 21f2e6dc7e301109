package dev.byok.keys;

import dev.byok.audit.AuditEvent;
import dev.byok.audit.AuditItems;
import dev.byok.aws.TableConfiguration;
import dev.byok.crypto.EncryptedSecret;
import dev.byok.providers.ProviderKind;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.byok.aws.ItemAttributes.PK;
import static dev.byok.aws.ItemAttributes.SK;
import static dev.byok.aws.ItemAttributes.TYPE;
import static dev.byok.aws.ItemAttributes.b;
import static dev.byok.aws.ItemAttributes.bytes;
import static dev.byok.aws.ItemAttributes.instant;
import static dev.byok.aws.ItemAttributes.n;
import static dev.byok.aws.ItemAttributes.number;
import static dev.byok.aws.ItemAttributes.putIfPresent;
import static dev.byok.aws.ItemAttributes.s;
import static dev.byok.aws.ItemAttributes.string;

/**
 * {@link KeyRepository} on the single table. A key is {@code sk = KEY#<keyId>} (wrapped data key, IV and ciphertext,
 * or a secret ARN; never plaintext); its label is locked by {@code sk = KEYLABEL#<label, lower case>} so two keys of
 * a tenant cannot share a label even under concurrent registrations. Every change is one {@code TransactWriteItems}
 * with its audit item, with a client request token so that an SDK retry of a write that did succeed is not mistaken
 * for a conflict.
 */
@Singleton
public class DynamoDbKeyRepository implements KeyRepository {
    static final String SK_PREFIX = "KEY#";
    static final String LABEL_SK_PREFIX = "KEYLABEL#";
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbKeyRepository(DynamoDbClient dynamo, TableConfiguration configuration) {
        this.dynamo = dynamo;
        this.table = configuration.name();
    }

    @Override
    public void create(TenantId tenant, ProviderKey key, List<AuditEvent> audit) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put(Put.builder().tableName(table).item(toItem(tenant, key))
                .conditionExpression("attribute_not_exists(pk)").build()));
        writes.add(put(Put.builder().tableName(table).item(labelItem(tenant, key))
                .conditionExpression("attribute_not_exists(pk)").build()));
        audit.forEach(event -> writes.add(put(AuditItems.put(table, tenant, event))));
        try {
            transact(writes);
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e, 1)) {
                throw new DuplicateKeyLabelException();
            }
            throw e; // a key id collision (2^100 ids) or an audit id collision: not a caller error
        }
    }

    @Override
    public Optional<ProviderKey> find(TenantId tenant, String keyId) {
        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table)
                .key(keyOf(tenant, keyId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public List<ProviderKey> list(TenantId tenant) {
        List<ProviderKey> keys = new ArrayList<>();
        QueryRequest query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(tenant.partitionKey()), ":prefix", s(SK_PREFIX)))
                .build();
        dynamo.queryPaginator(query).items().forEach(item -> keys.add(fromItem(item)));
        keys.sort(Comparator.comparing(ProviderKey::createdAt));
        return keys;
    }

    @Override
    public boolean labelTaken(TenantId tenant, String label) {
        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table)
                .key(labelKeyOf(tenant, label)).consistentRead(true)).item();
        return item != null && !item.isEmpty();
    }

    @Override
    public void replace(TenantId tenant, ProviderKey key, int expectedVersion, AuditEvent audit) {
        Put keyPut = Put.builder().tableName(table).item(toItem(tenant, key))
                .conditionExpression("#version = :expected")
                .expressionAttributeNames(Map.of("#version", "version"))
                .expressionAttributeValues(Map.of(":expected", n(expectedVersion)))
                .build();
        try {
            transact(List.of(put(keyPut), put(AuditItems.put(table, tenant, audit))));
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e, 0)) {
                throw new KeyChangedConcurrentlyException(key.keyId());
            }
            throw e;
        }
    }

    @Override
    public boolean delete(TenantId tenant, ProviderKey key, AuditEvent audit) {
        Delete keyDelete = Delete.builder().tableName(table).key(keyOf(tenant, key.keyId()))
                .conditionExpression("attribute_exists(pk)").build();
        // Only this key's own lock is released (a key stored before labels were locked may not own one).
        Delete labelDelete = Delete.builder().tableName(table).key(labelKeyOf(tenant, key.label()))
                .conditionExpression("attribute_not_exists(pk) OR keyId = :keyId")
                .expressionAttributeValues(Map.of(":keyId", s(key.keyId()))).build();
        List<TransactWriteItem> writes = new ArrayList<>(List.of(TransactWriteItem.builder().delete(keyDelete).build(),
                put(AuditItems.put(table, tenant, audit)), TransactWriteItem.builder().delete(labelDelete).build()));
        try {
            transact(writes);
            return true;
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e, 0)) {
                return false;
            }
            if (!conditionFailed(e, 2)) {
                throw e;
            }
        }
        // The label is locked by another key: delete this key and leave that lock alone.
        try {
            transact(writes.subList(0, 2));
            return true;
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e, 0)) {
                return false;
            }
            throw e;
        }
    }

    private void transact(List<TransactWriteItem> writes) {
        String token = UUID.randomUUID().toString();
        dynamo.transactWriteItems(request -> request.transactItems(writes).clientRequestToken(token));
    }

    private static TransactWriteItem put(Put put) {
        return TransactWriteItem.builder().put(put).build();
    }

    private static boolean conditionFailed(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons != null && reasons.size() > index && CONDITION_FAILED.equals(reasons.get(index).code());
    }

    /** The key item's primary key (also read in a run's batched read). */
    public static Map<String, AttributeValue> keyOf(TenantId tenant, String keyId) {
        return Map.of(PK, s(tenant.partitionKey()), SK, s(SK_PREFIX + keyId));
    }

    static Map<String, AttributeValue> labelKeyOf(TenantId tenant, String label) {
        return Map.of(PK, s(tenant.partitionKey()), SK, s(LABEL_SK_PREFIX + KeyLabels.normalized(label)));
    }

    private static Map<String, AttributeValue> labelItem(TenantId tenant, ProviderKey key) {
        Map<String, AttributeValue> item = new HashMap<>(labelKeyOf(tenant, key.label()));
        item.put(TYPE, s("KEYLABEL"));
        item.put("keyId", s(key.keyId()));
        return item;
    }

    static Map<String, AttributeValue> toItem(TenantId tenant, ProviderKey key) {
        Map<String, AttributeValue> item = new HashMap<>(keyOf(tenant, key.keyId()));
        item.put(TYPE, s("KEY"));
        item.put("keyId", s(key.keyId()));
        item.put("provider", s(key.provider().wireName()));
        item.put("label", s(key.label()));
        putIfPresent(item, "last4", key.last4());
        item.put("fingerprint", s(key.fingerprint()));
        item.put("status", s(key.status().name()));
        item.put("version", n(key.version()));
        putIfPresent(item, "createdAt", key.createdAt());
        putIfPresent(item, "rotatedAt", key.rotatedAt());
        putIfPresent(item, "verifiedAt", key.verifiedAt());
        putIfPresent(item, "baseUrl", key.baseUrl());
        switch (key.material()) {
            case KeyMaterial.Envelope envelope -> {
                EncryptedSecret secret = envelope.secret();
                item.put("formatVersion", n(secret.formatVersion()));
                item.put("kmsKeyArn", s(secret.kmsKeyArn()));
                item.put("wrappedKey", b(secret.wrappedDataKey()));
                item.put("iv", b(secret.iv()));
                item.put("ciphertext", b(secret.ciphertext()));
            }
            case KeyMaterial.SecretReference reference -> item.put("secretArn", s(reference.secretArn()));
        }
        return item;
    }

    /** A stored key item as a key (also for a run's batched read). */
    public static ProviderKey fromItem(Map<String, AttributeValue> item) {
        String secretArn = string(item, "secretArn");
        KeyMaterial material = secretArn != null ? new KeyMaterial.SecretReference(secretArn)
                : new KeyMaterial.Envelope(new EncryptedSecret((int) number(item, "formatVersion"),
                string(item, "kmsKeyArn"), bytes(item, "wrappedKey"), bytes(item, "iv"), bytes(item, "ciphertext")));
        return new ProviderKey(string(item, "keyId"),
                ProviderKind.fromWireName(string(item, "provider")).orElseThrow(),
                string(item, "label"), string(item, "last4"), string(item, "fingerprint"),
                KeyStatus.valueOf(string(item, "status")), (int) number(item, "version"),
                instant(item, "createdAt"), instant(item, "rotatedAt"), instant(item, "verifiedAt"),
                string(item, "baseUrl"), material);
    }
}
