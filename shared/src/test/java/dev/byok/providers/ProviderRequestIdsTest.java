package dev.byok.providers;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProviderRequestIdsTest {
    @Test
    void real_request_ids_are_kept() {
        for (String id : new String[]{"req_011CSHoEeqs5C3K2aDeJ5wSt", "chatcmpl-abc123", "5f1c2e0a-6b7f-4c5a",
                "AiCGdWlb9ThIcuMPw4X0sQ4="}) {
            assertEquals(id, ProviderRequestIds.sanitize(id));
        }
    }

    @Test
    void oversized_or_odd_provider_text_is_dropped_before_it_is_stored_or_returned() {
        // A provider once sent a 390,000-character x-request-id that went into every run item and /runs page.
        assertNull(ProviderRequestIds.sanitize("r".repeat(129)));
        assertNull(ProviderRequestIds.sanitize("id with spaces"));
        assertNull(ProviderRequestIds.sanitize("PROVREQIDCANARYé"));
        assertNull(new CompletionResult("x", null, "a".repeat(100_000), "m", null, Duration.ZERO).providerRequestId());
        assertNull(new ProviderException(ProviderErrorClass.UNAVAILABLE, 500, "bad\nid", null, null)
                .providerRequestId());
    }
}
