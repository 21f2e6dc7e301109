package dev.byok.runs;

import dev.byok.error.InvalidRequestException;
import dev.byok.error.RequestValidator;
import dev.byok.ids.Ids;
import dev.byok.logging.LogContext;
import dev.byok.settings.TenantTimeZones;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.usage.DayRange;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /runs}: run metadata newest first, paginated. {@code from} and {@code to} are calendar days in the
 * tenant's time zone (default: the 30 days up to today there).
 *
 * <p>The cursor is opaque to callers: it carries the sort key to continue after and a digest binding it to the
 * tenant and the query's filters. Safety does not rest on the digest (anyone can compute one): every read is a
 * Query on the caller's own partition, so no cursor can reach another tenant's items. The digest turns a cursor
 * replayed by another tenant, or with other filters, into a clear 400 instead of a silently shifted page.
 */
@Singleton
public class RunQueryService {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final int DEFAULT_DAYS = 30;
    private static final int MAX_CURSOR_LENGTH = 256;
    private static final String CURSOR_VERSION = "r1";
    private static final Pattern CURSOR = Pattern.compile(
            "r1\\|(RUN#(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z)#run_[0-9a-z]{26})\\|([0-9a-f]{16})");

    private final RunHistory history;
    private final TenantTimeZones timeZones;
    private final Clock clock;

    public RunQueryService(RunHistory history, TenantTimeZones timeZones) {
        this(history, timeZones, Clock.systemUTC());
    }

    RunQueryService(RunHistory history, TenantTimeZones timeZones, Clock clock) {
        this.history = history;
        this.timeZones = timeZones;
        this.clock = clock;
    }

    public RunPage list(AuthenticatedPrincipal principal, String from, String to, String recipeId, String status,
                        String limit, String cursor) {
        TenantId tenant = principal.tenant();
        LogContext.putTenant(tenant);
        RequestValidator validator = new RequestValidator();
        ZoneId zone = timeZones.zoneOf(tenant);
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        LocalDate toDay = to == null ? today : DayRange.parseDay(to, "to", validator);
        LocalDate fromDay = from == null ? (toDay == null ? today : toDay).minusDays(DEFAULT_DAYS - 1)
                : DayRange.parseDay(from, "from", validator);
        Optional<RunStatus> runStatus = status == null ? Optional.empty() : RunStatus.fromWireName(status);
        validator.require(status == null || runStatus.isPresent(),
                        "status must be one of: succeeded, failed, invalid_output")
                .require(recipeId == null || Ids.looksLikeId(recipeId), "recipeId is not a recipe id");
        int pageSize = parseLimit(limit, validator);
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        validator.require(cursor == null || after != null, "cursor is not valid");
        validator.require(after == null || after.binding().equals(binding(tenant, from, to, recipeId, status)),
                "cursor belongs to another query: repeat the query with the parameters that returned it");
        DayRange.validate(fromDay, toDay, validator);
        validator.throwIfInvalid("The runs query is not valid.");

        Instant start = fromDay.atStartOfDay(zone).toInstant();
        Instant end = toDay.plusDays(1).atStartOfDay(zone).toInstant();
        if (after != null && !after.createdAt().isBefore(end)) {
            // Only possible when the tenant's zone changed between pages: the cursor lies above the new range.
            throw new InvalidRequestException("The runs query is not valid.",
                    List.of("cursor is outside the requested range: start again without a cursor"));
        }
        if (after != null && after.createdAt().isBefore(start)) {
            return new RunPage(List.of(), null); // everything older than the cursor is outside the range
        }
        RunHistory.Page page = history.list(tenant, start, end, recipeId, runStatus.orElse(null), pageSize,
                after == null ? null : after.sortKey());
        return new RunPage(page.runs().stream().map(RunView::of).toList(), page.lastSortKey() == null ? null
                : Cursor.encode(page.lastSortKey(), binding(tenant, from, to, recipeId, status)));
    }

    private static int parseLimit(String limit, RequestValidator validator) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            validator.require(value >= 1 && value <= MAX_LIMIT, "limit must be between 1 and " + MAX_LIMIT);
            return value;
        } catch (NumberFormatException e) {
            validator.require(false, "limit must be a number between 1 and " + MAX_LIMIT);
            return DEFAULT_LIMIT;
        }
    }

    /** What a cursor is valid for: the tenant and the query's filters as the caller wrote them (not the limit). */
    static String binding(TenantId tenant, String from, String to, String recipeId, String status) {
        String canonical = String.join("\u0000", tenant.value(), nullToEmpty(from), nullToEmpty(to),
                nullToEmpty(recipeId), nullToEmpty(status));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** A decoded cursor: a run sort key (validated to be one) and the binding it was issued for. */
    record Cursor(String sortKey, Instant createdAt, String binding) {
        static String encode(String sortKey, String binding) {
            String text = CURSOR_VERSION + "|" + sortKey + "|" + binding;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        /** The cursor, or null when it is not one this service issued (any shape other than a run sort key). */
        static Cursor decode(String cursor) {
            if (cursor.isEmpty() || cursor.length() > MAX_CURSOR_LENGTH) {
                return null;
            }
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                Matcher matcher = CURSOR.matcher(text);
                if (!matcher.matches()) {
                    return null;
                }
                return new Cursor(matcher.group(1), Instant.parse(matcher.group(2)), matcher.group(3));
            } catch (IllegalArgumentException | DateTimeException e) {
                return null;
            }
        }
    }
}
