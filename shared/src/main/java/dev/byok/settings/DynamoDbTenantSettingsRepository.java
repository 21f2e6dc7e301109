package dev.byok.settings;

import dev.byok.aws.TableConfiguration;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Optional;

import static dev.byok.aws.ItemAttributes.PK;
import static dev.byok.aws.ItemAttributes.SK;
import static dev.byok.aws.ItemAttributes.TYPE;
import static dev.byok.aws.ItemAttributes.s;
import static dev.byok.aws.ItemAttributes.string;

/** {@link TenantSettingsRepository} on the single table: {@code sk = SETTINGS}. */
@Singleton
public class DynamoDbTenantSettingsRepository implements TenantSettingsRepository {
    static final String SK_VALUE = "SETTINGS";
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbTenantSettingsRepository(DynamoDbClient dynamo, TableConfiguration configuration) {
        this.dynamo = dynamo;
        this.table = configuration.name();
    }

    @Override
    public Optional<TenantSettings> find(TenantId tenant) {
        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table).consistentRead(true)
                .key(keyOf(tenant))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** The settings item's primary key (also read in a run's batched read). */
    public static Map<String, AttributeValue> keyOf(TenantId tenant) {
        return Map.of(PK, s(tenant.partitionKey()), SK, s(SK_VALUE));
    }

    /** A stored settings item as settings. */
    public static TenantSettings fromItem(Map<String, AttributeValue> item) {
        return new TenantSettings(string(item, "timezone"));
    }

    @Override
    public void save(TenantId tenant, TenantSettings settings) {
        dynamo.putItem(request -> request.tableName(table).item(Map.of(PK, s(tenant.partitionKey()),
                SK, s(SK_VALUE), TYPE, s("SETTINGS"), "timezone", s(settings.timezone()))));
    }
}
