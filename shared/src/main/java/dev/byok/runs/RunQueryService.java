package dev.byok.runs;

import dev.byok.error.RequestValidator;
import dev.byok.ids.Ids;
import dev.byok.tenancy.AuthenticatedPrincipal;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code GET /runs}: run metadata newest first, paginated. The cursor is an opaque encoding of the last sort key
 * read; it is only ever applied inside the caller's own partition, and anything that does not decode to a run sort
 * key is rejected, so a cursor cannot reach another tenant's data.
 */
@Singleton
public class RunQueryService {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final int DEFAULT_DAYS = 30;

    private final RunHistory history;
    private final Clock clock;

    public RunQueryService(RunHistory history) {
        this(history, Clock.systemUTC());
    }

    RunQueryService(RunHistory history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    public RunPage list(AuthenticatedPrincipal principal, String from, String to, String recipeId, String status,
                        String limit, String cursor) {
        RequestValidator validator = new RequestValidator();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate toDay = to == null ? today : parse(to, "to", validator);
        LocalDate fromDay = from == null ? (toDay == null ? today : toDay).minusDays(DEFAULT_DAYS - 1)
                : parse(from, "from", validator);
        Optional<RunStatus> runStatus = status == null ? Optional.empty() : RunStatus.fromWireName(status);
        validator.require(status == null || runStatus.isPresent(),
                "status must be one of: succeeded, failed, invalid_output")
                .require(recipeId == null || Ids.looksLikeId(recipeId), "recipeId is not a recipe id");
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
        if (fromDay != null && toDay != null) {
            validator.require(!fromDay.isAfter(toDay), "from must not be after to")
                    .require(ChronoUnit.DAYS.between(fromDay, toDay) < 366, "the range must not exceed 366 days");
        }
        validator.throwIfInvalid("The runs query is not valid.");

        Instant start = fromDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = toDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        RunHistory.Page page = history.list(principal.tenant(), start, end, recipeId, runStatus.orElse(null), pageSize,
                after);
        return new RunPage(page.runs().stream().map(RunView::of).toList(),
                page.lastSortKey() == null ? null : encodeCursor(page.lastSortKey()));
    }

    private static LocalDate parse(String value, String name, RequestValidator validator) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            validator.require(false, name + " must be a date as YYYY-MM-DD");
            return null;
        }
    }

    static String encodeCursor(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeCursor(String cursor) {
        try {
            String sortKey = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return sortKey.matches("RUN#\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z#run_[0-9a-z]{26}")
                    ? sortKey : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
