package dev.byok.tenancy;

/**
 * Who is calling: the tenant (from the configured claim of the validated JWT, or from a local token) and the subject,
 * recorded in audit items. Controllers receive it as a method argument; see {@link AuthenticatedPrincipalBinder}.
 */
public record AuthenticatedPrincipal(TenantId tenant, String subject) {
}
