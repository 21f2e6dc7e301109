package dev.byok.audit;

import dev.byok.tenancy.TenantId;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.byok.aws.ItemAttributes.PK;
import static dev.byok.aws.ItemAttributes.SK;
import static dev.byok.aws.ItemAttributes.TYPE;
import static dev.byok.aws.ItemAttributes.instant;
import static dev.byok.aws.ItemAttributes.n;
import static dev.byok.aws.ItemAttributes.number;
import static dev.byok.aws.ItemAttributes.putIfPresent;
import static dev.byok.aws.ItemAttributes.s;
import static dev.byok.aws.ItemAttributes.string;

/**
 * The audit item on the single table: {@code pk = TENANT#<tenant>}, {@code sk = AUDIT#<instant>#<auditId>}. The
 * instant is fixed-width (microseconds, UTC) so that string order is time order and a query can read newest first.
 * Key repositories put these items in the same transaction as the key change they describe.
 */
public final class AuditItems {
    public static final String SK_PREFIX = "AUDIT#";
    private static final DateTimeFormatter SORTABLE_INSTANT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SORT_KEY =
            Pattern.compile("AUDIT#\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z#aud_[0-9a-z]{16}");

    private AuditItems() {
    }

    public static String sortKey(Instant at, String auditId) {
        return SK_PREFIX + SORTABLE_INSTANT.format(at) + "#" + auditId;
    }

    /** Whether {@code value} has exactly the shape of an audit sort key (checked before a cursor is used). */
    public static boolean isSortKey(String value) {
        return value != null && SORT_KEY.matcher(value).matches();
    }

    /** A put of the event that never overwrites an existing item. */
    public static Put put(String table, TenantId tenant, AuditEvent event) {
        return Put.builder().tableName(table).item(toItem(tenant, event))
                .conditionExpression("attribute_not_exists(pk)").build();
    }

    static Map<String, AttributeValue> toItem(TenantId tenant, AuditEvent event) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(tenant.partitionKey()));
        item.put(SK, s(sortKey(event.at(), event.auditId())));
        item.put(TYPE, s("AUDIT"));
        item.put("auditId", s(event.auditId()));
        item.put("at", s(event.at().toString()));
        putIfPresent(item, "subject", event.subject());
        item.put("action", s(event.action().wireName()));
        item.put("keyId", s(event.keyId()));
        item.put("provider", s(event.provider()));
        item.put("keyVersion", n(event.keyVersion()));
        item.put("outcome", s(event.outcome()));
        return item;
    }

    static AuditEvent fromItem(Map<String, AttributeValue> item) {
        return new AuditEvent(string(item, "auditId"), instant(item, "at"), string(item, "subject"),
                AuditAction.fromWireName(string(item, "action")).orElseThrow(), string(item, "keyId"),
                string(item, "provider"), (int) number(item, "keyVersion"), string(item, "outcome"));
    }
}
