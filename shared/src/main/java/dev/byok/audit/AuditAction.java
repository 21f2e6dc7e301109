package dev.byok.audit;

import java.util.Arrays;
import java.util.Optional;

/** What was done to a key, with the stable name shown by {@code GET /audit} ({@code key.created}, ...). */
public enum AuditAction {
    KEY_CREATED("key.created"),
    KEY_ROTATED("key.rotated"),
    KEY_VERIFIED("key.verified"),
    KEY_DELETED("key.deleted");

    private final String wireName;

    AuditAction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<AuditAction> fromWireName(String name) {
        return Arrays.stream(values()).filter(action -> action.wireName.equals(name)).findFirst();
    }
}
