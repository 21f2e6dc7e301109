package dev.byok.keys;

/**
 * A secret read from the team's secret store: its name as the store knows it (checked against the tenant's
 * namespace) and its current value. {@code toString} never shows the value.
 */
public record ReferencedSecret(String name, String value) {
    @Override
    public String toString() {
        return "ReferencedSecret[name=" + name + "]";
    }
}
