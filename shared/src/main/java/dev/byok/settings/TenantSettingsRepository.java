package dev.byok.settings;

import dev.byok.tenancy.TenantId;

import java.util.Optional;

/** Port: a tenant's settings item. */
public interface TenantSettingsRepository {
    /** The stored settings, or empty when the tenant never saved any. */
    Optional<TenantSettings> find(TenantId tenant);

    /** Stores the settings, replacing any earlier ones. */
    void save(TenantId tenant, TenantSettings settings);
}
