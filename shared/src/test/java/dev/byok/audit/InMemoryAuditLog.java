package dev.byok.audit;

import dev.byok.tenancy.TenantId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** In-memory {@link AuditLog} for unit tests; {@code InMemoryKeyRepository} appends to it inside its "transactions". */
public class InMemoryAuditLog implements AuditLog {
    private final Map<TenantId, List<AuditEvent>> events = new HashMap<>();

    public synchronized void append(TenantId tenant, AuditEvent event) {
        events.computeIfAbsent(tenant, ignored -> new ArrayList<>()).add(event);
    }

    /** The tenant's events, oldest first. */
    public synchronized List<AuditEvent> events(TenantId tenant) {
        return List.copyOf(events.getOrDefault(tenant, List.of()));
    }

    public synchronized int size() {
        return events.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public synchronized Page page(TenantId tenant, int limit, String afterSortKey) {
        List<AuditEvent> newestFirst = new ArrayList<>(events.getOrDefault(tenant, List.of()));
        newestFirst.sort(Comparator.comparing(AuditInMemory::sortKey).reversed());
        List<AuditEvent> after = newestFirst.stream()
                .filter(event -> afterSortKey == null || AuditInMemory.sortKey(event).compareTo(afterSortKey) < 0)
                .toList();
        List<AuditEvent> page = after.subList(0, Math.min(limit, after.size()));
        String last = after.size() > limit ? AuditInMemory.sortKey(page.get(page.size() - 1)) : null;
        return new Page(page, last);
    }

    private static final class AuditInMemory {
        static String sortKey(AuditEvent event) {
            return AuditItems.sortKey(event.at(), event.auditId());
        }
    }
}
