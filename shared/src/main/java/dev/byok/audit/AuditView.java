package dev.byok.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** One audit entry as {@code GET /audit} shows it. */
@Serdeable
public record AuditView(String auditId, Instant at, String action, String keyId, String provider, int keyVersion,
                        @Nullable String subject, String outcome) {
    public static AuditView of(AuditEvent event) {
        return new AuditView(event.auditId(), event.at(), event.action().wireName(), event.keyId(), event.provider(),
                event.keyVersion(), event.subject(), event.outcome());
    }
}
