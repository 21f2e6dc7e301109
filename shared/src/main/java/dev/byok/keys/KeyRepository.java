package dev.byok.keys;

import dev.byok.audit.AuditEvent;
import dev.byok.tenancy.TenantId;

import java.util.List;
import java.util.Optional;

/**
 * Port: a tenant's provider keys. Every method is scoped to one tenant; there is no cross-tenant access path. Every
 * change is written atomically with the audit event that describes it: either both are stored or neither is.
 */
public interface KeyRepository {
    /** Stores a new key, locks its label, writes the events; DuplicateKeyLabelException if the label is taken. */
    void create(TenantId tenant, ProviderKey key, List<AuditEvent> audit);

    /** The key (strongly consistent read), or empty when the tenant has no key with that id. */
    Optional<ProviderKey> find(TenantId tenant, String keyId);

    /** All of the tenant's keys, oldest first. */
    List<ProviderKey> list(TenantId tenant);

    /** Whether one of the tenant's keys has this label (trimmed, ignoring case). */
    boolean labelTaken(TenantId tenant, String label);

    /** Overwrites the key if its stored version is {@code expectedVersion}, else KeyChangedConcurrentlyException. */
    void replace(TenantId tenant, ProviderKey key, int expectedVersion, AuditEvent audit);

    /** Deletes the key item (with its secret material) and its label lock; false if there was no such key. */
    boolean delete(TenantId tenant, ProviderKey key, AuditEvent audit);
}
