package dev.byok.settings;

import dev.byok.tenancy.TenantId;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link TenantSettingsRepository} in memory, for unit tests; counts reads so caching can be checked. */
public class InMemoryTenantSettingsRepository implements TenantSettingsRepository {
    private final Map<String, TenantSettings> settings = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Optional<TenantSettings> find(TenantId tenant) {
        reads.incrementAndGet();
        return Optional.ofNullable(settings.get(tenant.value()));
    }

    @Override
    public void save(TenantId tenant, TenantSettings value) {
        settings.put(tenant.value(), value);
    }

    public int reads() {
        return reads.get();
    }

    public boolean isEmpty() {
        return settings.isEmpty();
    }
}
