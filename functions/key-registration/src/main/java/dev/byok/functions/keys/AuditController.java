package dev.byok.functions.keys;

import dev.byok.audit.AuditPage;
import dev.byok.audit.AuditService;
import dev.byok.tenancy.AuthenticatedPrincipal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /audit}: the tenant's key lifecycle events, newest first. Parsing and mapping only; see AuditService. */
@Controller("/audit")
@Tag(name = "audit")
public class AuditController {
    private final AuditService audit;

    public AuditController(AuditService audit) {
        this.audit = audit;
    }

    @Get
    @Operation(summary = "Key lifecycle events (create, rotate, verify, delete), newest first, paginated with an "
            + "opaque cursor; metadata only")
    public AuditPage list(@Parameter(hidden = true) AuthenticatedPrincipal principal,
                          @Nullable @QueryValue String limit, @Nullable @QueryValue String cursor) {
        return audit.list(principal, limit, cursor);
    }
}
