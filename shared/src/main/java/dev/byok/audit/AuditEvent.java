package dev.byok.audit;

import dev.byok.ids.Ids;
import dev.byok.tenancy.AuthenticatedPrincipal;

import java.time.Instant;

/**
 * One entry of a tenant's audit trail: who (the principal's subject) did what to which key, when, and how it ended.
 * Metadata only; there is no field that could hold key material, and the outcome is one of a few fixed words.
 *
 * @param keyVersion the key's version after the action (for a deletion: the version that was deleted)
 * @param outcome    {@code succeeded} for create, rotate and delete; the key status for a verification
 */
public record AuditEvent(String auditId, Instant at, String subject, AuditAction action, String keyId, String provider,
                         int keyVersion, String outcome) {
    public static final String SUCCEEDED = "succeeded";

    public static AuditEvent of(Instant at, AuthenticatedPrincipal principal, AuditAction action, String keyId,
                                String provider, int keyVersion, String outcome) {
        return new AuditEvent(Ids.auditId(), at, principal.subject(), action, keyId, provider, keyVersion, outcome);
    }
}
