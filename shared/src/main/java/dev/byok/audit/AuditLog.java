package dev.byok.audit;

import dev.byok.tenancy.TenantId;

import java.util.List;

/**
 * Port: reading a tenant's audit trail. Events are written together with the key change they describe (see
 * {@code KeyRepository}); there is no way to read across tenants.
 */
public interface AuditLog {
    /** Up to {@code limit} events, newest first, after {@code afterSortKey} (an audit sort key) when not null. */
    Page page(TenantId tenant, int limit, String afterSortKey);

    /** One page; {@code lastSortKey} is null when nothing follows. */
    record Page(List<AuditEvent> events, String lastSortKey) {
    }
}
