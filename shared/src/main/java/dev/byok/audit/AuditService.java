package dev.byok.audit;

import dev.byok.error.RequestValidator;
import dev.byok.logging.LogContext;
import dev.byok.tenancy.AuthenticatedPrincipal;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code GET /audit}: the caller's key lifecycle events, newest first, paginated. The cursor is an opaque encoding of
 * the last sort key read; anything that does not decode to an audit sort key is refused, and a valid one is only ever
 * applied inside the caller's own partition.
 */
@Singleton
public class AuditService {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private final AuditLog log;

    public AuditService(AuditLog log) {
        this.log = log;
    }

    public AuditPage list(AuthenticatedPrincipal principal, String limit, String cursor) {
        LogContext.putTenant(principal.tenant());
        RequestValidator validator = new RequestValidator();
        int pageSize = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                pageSize = Integer.parseInt(limit);
                validator.require(pageSize >= 1 && pageSize <= MAX_LIMIT, "limit must be between 1 and " + MAX_LIMIT);
            } catch (NumberFormatException e) {
                validator.require(false, "limit must be a number between 1 and " + MAX_LIMIT);
            }
        }
        String after = cursor == null ? null : decodeCursor(cursor);
        validator.require(cursor == null || after != null, "cursor is not valid");
        validator.throwIfInvalid("The audit query is not valid.");

        AuditLog.Page page = log.page(principal.tenant(), pageSize, after);
        return new AuditPage(page.events().stream().map(AuditView::of).toList(),
                page.lastSortKey() == null ? null : encodeCursor(page.lastSortKey()));
    }

    static String encodeCursor(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeCursor(String cursor) {
        try {
            String sortKey = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return AuditItems.isSortKey(sortKey) ? sortKey : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
