package dev.byok.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EncryptionContextTest {
    @Test
    void canonical_form_is_sorted_name_value_lines() {
        EncryptionContext context = new EncryptionContext("acme", "key_123", "anthropic");
        assertEquals("keyId=key_123\nprovider=anthropic\ntenant=acme",
                new String(context.canonicalBytes(), StandardCharsets.UTF_8));
        assertEquals(3, context.asKmsContext().size());
    }
}
