package dev.byok.keys;

import dev.byok.audit.AuditEvent;
import dev.byok.audit.InMemoryAuditLog;
import dev.byok.tenancy.TenantId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * In-memory {@link KeyRepository} for unit tests, with the adapter's rules: labels unique per tenant (trimmed,
 * ignoring case), version-checked replacement, and each change stored together with its audit events or not at all.
 * {@link #beforeNextWrite(Runnable)} lets a test slip a concurrent change in between a service's read and its write.
 */
public class InMemoryKeyRepository implements KeyRepository {
    private final Map<TenantId, Map<String, ProviderKey>> keys = new HashMap<>();
    private final InMemoryAuditLog audit;
    private Runnable beforeNextWrite;

    public InMemoryKeyRepository(InMemoryAuditLog audit) {
        this.audit = audit;
    }

    public void beforeNextWrite(Runnable action) {
        this.beforeNextWrite = action;
    }

    /** Stores a key as it is, without audit or checks (test set-up and simulated concurrent writers). */
    public synchronized void put(TenantId tenant, ProviderKey key) {
        keys.computeIfAbsent(tenant, ignored -> new HashMap<>()).put(key.keyId(), key);
    }

    public synchronized int size() {
        return keys.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public void create(TenantId tenant, ProviderKey key, List<AuditEvent> events) {
        runHook();
        synchronized (this) {
            if (labelTaken(tenant, key.label())) {
                throw new DuplicateKeyLabelException();
            }
            if (tenantKeys(tenant).containsKey(key.keyId())) {
                throw new IllegalStateException("key id collision");
            }
            put(tenant, key);
            events.forEach(event -> audit.append(tenant, event));
        }
    }

    @Override
    public synchronized Optional<ProviderKey> find(TenantId tenant, String keyId) {
        return Optional.ofNullable(tenantKeys(tenant).get(keyId));
    }

    @Override
    public synchronized List<ProviderKey> list(TenantId tenant) {
        List<ProviderKey> list = new ArrayList<>(tenantKeys(tenant).values());
        list.sort(Comparator.comparing(ProviderKey::createdAt));
        return list;
    }

    @Override
    public synchronized boolean labelTaken(TenantId tenant, String label) {
        String wanted = KeyLabels.normalized(label);
        return tenantKeys(tenant).values().stream().anyMatch(key -> KeyLabels.normalized(key.label()).equals(wanted));
    }

    @Override
    public void replace(TenantId tenant, ProviderKey key, int expectedVersion, AuditEvent event) {
        runHook();
        synchronized (this) {
            ProviderKey stored = tenantKeys(tenant).get(key.keyId());
            if (stored == null || stored.version() != expectedVersion) {
                throw new KeyChangedConcurrentlyException(key.keyId());
            }
            put(tenant, key);
            audit.append(tenant, event);
        }
    }

    @Override
    public boolean delete(TenantId tenant, ProviderKey key, AuditEvent event) {
        runHook();
        synchronized (this) {
            if (tenantKeys(tenant).remove(key.keyId()) == null) {
                return false;
            }
            audit.append(tenant, event);
            return true;
        }
    }

    private Map<String, ProviderKey> tenantKeys(TenantId tenant) {
        return keys.getOrDefault(tenant, Map.of());
    }

    private void runHook() {
        Runnable hook = beforeNextWrite;
        beforeNextWrite = null;
        if (hook != null) {
            hook.run();
        }
    }
}
