package dev.byok.tenancy;

import java.util.regex.Pattern;

/**
 * A tenant's id. Only ever built from the authenticated principal (never from a body, path or query), and restricted
 * to a safe alphabet because it becomes part of every partition key.
 */
public record TenantId(String value) {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public TenantId {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("tenant id must match " + SAFE.pattern());
        }
    }

    public static boolean isValid(String value) {
        return value != null && SAFE.matcher(value).matches();
    }

    /** The DynamoDB partition key of everything this tenant owns. */
    public String partitionKey() {
        return "TENANT#" + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
