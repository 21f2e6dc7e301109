package dev.byok.keys;

import dev.byok.tenancy.TenantId;

import java.util.List;
import java.util.Optional;

/** Port: a tenant's provider keys. Every method is scoped to one tenant; there is no cross-tenant access path. */
public interface KeyRepository {
    /** Stores a new key; fails if the id already exists. */
    void create(TenantId tenant, ProviderKey key);

    Optional<ProviderKey> find(TenantId tenant, String keyId);

    /** All of the tenant's keys, oldest first. */
    List<ProviderKey> list(TenantId tenant);

    /** Deletes the key item with its secret material; false if there was none. */
    boolean delete(TenantId tenant, String keyId);
}
