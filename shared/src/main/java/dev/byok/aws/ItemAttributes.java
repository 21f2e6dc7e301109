package dev.byok.aws;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;

/** Reading and writing DynamoDB attribute values with nulls handled in one way everywhere. */
public final class ItemAttributes {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String TYPE = "type";
    public static final String EXPIRES_AT = "expiresAt";

    private ItemAttributes() {
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue n(String decimal) {
        return AttributeValue.fromN(decimal);
    }

    public static AttributeValue b(byte[] value) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(value));
    }

    public static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    /** Puts a string attribute only when the value is present (absent attributes, not null ones). */
    public static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    public static void putIfPresent(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, s(value.toString()));
        }
    }

    public static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    public static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = string(item, name);
        return value == null ? null : Instant.parse(value);
    }

    public static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    public static java.math.BigInteger bigNumber(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? java.math.BigInteger.ZERO : new java.math.BigDecimal(value.n())
                .toBigIntegerExact();
    }

    public static Long nullableNumber(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Long.parseLong(value.n());
    }

    public static byte[] bytes(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.b() == null ? null : value.b().asByteArray();
    }

    public static boolean flag(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }
}
