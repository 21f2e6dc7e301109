package dev.byok.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One page of {@code GET /audit}, newest first; {@code nextCursor} is null on the last page. */
@Serdeable
public record AuditPage(List<AuditView> items, @Nullable String nextCursor) {
}
