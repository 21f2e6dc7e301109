package dev.byok.audit;

import dev.byok.error.InvalidRequestException;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditServiceTest {
    private static final AuthenticatedPrincipal ACME = new AuthenticatedPrincipal(new TenantId("acme"), "alice");
    private final InMemoryAuditLog log = new InMemoryAuditLog();
    private final AuditService service = new AuditService(log);

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_cursor_continues_where_the_last_page_ended() {
        Instant start = Instant.parse("2026-12-03T10:00:00Z");
        for (int i = 0; i < 3; i++) {
            log.append(ACME.tenant(), AuditEvent.of(start.plusSeconds(i), ACME, AuditAction.KEY_VERIFIED,
                    "key_aaaaaaaaaaaaaaaaaaaa", "openai", 1, "VALID"));
        }
        AuditPage first = service.list(ACME, "2", null);
        assertEquals(2, first.items().size());
        assertEquals(start.plusSeconds(2), first.items().get(0).at());
        AuditPage second = service.list(ACME, "2", first.nextCursor());
        assertEquals(1, second.items().size());
        assertEquals(start, second.items().get(0).at());
        assertNull(second.nextCursor());
        assertEquals("key.verified", second.items().get(0).action());
        assertEquals("alice", second.items().get(0).subject());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "", "UlVOIzIwMjYtMTItMDNUMTA6MDA6MDAuMDAwWiNydW5fMDAwMDAwMDAwMDAwMDAw"})
    void a_cursor_that_is_not_an_audit_position_is_refused(String cursor) {
        InvalidRequestException problem = assertThrows(InvalidRequestException.class,
                () -> service.list(ACME, null, cursor));
        assertTrue(problem.errors().contains("cursor is not valid"));
    }

    @Test
    void a_cursor_naming_another_tenants_partition_is_refused() {
        assertThrows(InvalidRequestException.class, () -> service.list(ACME, null,
                encode("TENANT#globex#AUDIT#2026-12-03T10:00:00.000000Z#aud_0000000000000000")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "201", "ten", "-1"})
    void limits_outside_1_to_200_are_refused(String limit) {
        assertThrows(InvalidRequestException.class, () -> service.list(ACME, limit, null));
    }
}
