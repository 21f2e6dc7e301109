package dev.byok.runs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One page of {@code GET /runs}, newest first; {@code nextCursor} is null on the last page. */
@Serdeable
public record RunPage(List<RunView> items, @Nullable String nextCursor) {
}
