package dev.byok.keys;

import dev.byok.aws.TableConfiguration;
import dev.byok.crypto.EncryptedSecret;
import dev.byok.providers.ProviderKind;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * {@link KeyRepository} on the single table: {@code pk = TENANT#<tenant>}, {@code sk = KEY#<keyId>}. The item holds
 * the wrapped data key, IV and ciphertext (or a secret ARN), never plaintext.
 */
@Singleton
public class DynamoDbKeyRepository implements KeyRepository {
    static final String SK_PREFIX = "KEY#";
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbKeyRepository(DynamoDbClient dynamo, TableConfiguration configuration) {
        this.dynamo = dynamo;
        this.table = configuration.name();
    }

    @Override
    public void create(TenantId tenant, ProviderKey key) {
        try {
            dynamo.putItem(request -> request.tableName(table).item(toItem(tenant, key))
                    .conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("key id collision", e);
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
        keys.sort(java.util.Comparator.comparing(ProviderKey::createdAt));
        return keys;
    }

    @Override
    public boolean delete(TenantId tenant, String keyId) {
        Map<String, AttributeValue> old = dynamo.deleteItem(request -> request.tableName(table)
                .key(keyOf(tenant, keyId)).returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    static Map<String, AttributeValue> keyOf(TenantId tenant, String keyId) {
        return Map.of(PK, s(tenant.partitionKey()), SK, s(SK_PREFIX + keyId));
    }

    static Map<String, AttributeValue> toItem(TenantId tenant, ProviderKey key) {
        Map<String, AttributeValue> item = new HashMap<>(keyOf(tenant, key.keyId()));
        item.put(TYPE, s("KEY"));
        item.put("keyId", s(key.keyId()));
        item.put("provider", s(key.provider().wireName()));
        item.put("label", s(key.label()));
        item.put("last4", s(key.last4()));
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

    static ProviderKey fromItem(Map<String, AttributeValue> item) {
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
