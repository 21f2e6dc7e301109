package dev.byok.audit;

import dev.byok.aws.TableConfiguration;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.WithLocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit trail's query against moto: newest first, paginated, confined to the caller's partition. */
@WithLocalAws
class DynamoDbAuditLogTest {
    private LocalAws aws;
    private DynamoDbAuditLog log;
    private TenantId tenant;

    @BeforeEach
    void setUp(LocalAws aws) {
        this.aws = aws;
        this.log = new DynamoDbAuditLog(aws.dynamoDb(), new TableConfiguration(aws.resources().tableName()));
        this.tenant = new TenantId("audit-" + UUID.randomUUID());
    }

    private AuditEvent write(TenantId owner, Instant at, AuditAction action) {
        AuditEvent event = AuditEvent.of(at, new AuthenticatedPrincipal(owner, "alice"), action,
                "key_aaaaaaaaaaaaaaaaaaaa", "anthropic", 1, AuditEvent.SUCCEEDED);
        aws.dynamoDb().putItem(request -> request.tableName(aws.resources().tableName())
                .item(AuditItems.toItem(owner, event)));
        return event;
    }

    @Test
    void events_come_newest_first_page_by_page_and_the_last_page_says_so() {
        Instant start = Instant.parse("2026-12-03T10:00:00Z");
        List<AuditEvent> written = new ArrayList<>();
        // 1 ms, 1 s and 10 s apart: the fixed-width sort key orders them regardless of Instant.toString's width.
        for (long offsetMillis : new long[] {0, 1, 1000, 10_000, 10_000_001}) {
            written.add(write(tenant, start.plusMillis(offsetMillis), AuditAction.KEY_VERIFIED));
        }
        List<String> read = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            AuditLog.Page page = log.page(tenant, 2, after);
            page.events().forEach(event -> read.add(event.auditId()));
            after = page.lastSortKey();
            pages++;
        } while (after != null && pages < 10);
        assertEquals(written.reversed().stream().map(AuditEvent::auditId).toList(), read);
        assertEquals(written.get(4), log.page(tenant, 1, null).events().get(0), "items round-trip");
    }

    @Test
    void a_continuation_never_leaves_the_callers_partition() {
        TenantId other = new TenantId("audit-other-" + UUID.randomUUID());
        AuditEvent theirs = write(other, Instant.parse("2026-12-03T12:00:00Z"), AuditAction.KEY_CREATED);
        AuditEvent mine = write(tenant, Instant.parse("2026-12-03T11:00:00Z"), AuditAction.KEY_CREATED);
        String theirSortKey = AuditItems.sortKey(theirs.at(), theirs.auditId());

        AuditLog.Page page = log.page(tenant, 10, theirSortKey);

        assertEquals(List.of(mine), page.events());
        assertNull(page.lastSortKey());
        assertTrue(log.page(new TenantId("audit-empty-" + UUID.randomUUID()), 10, null).events().isEmpty());
    }
}
