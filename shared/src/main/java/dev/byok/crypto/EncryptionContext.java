package dev.byok.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binds a wrapped key to where it belongs: the tenant, the key id and the provider. Sent to KMS as the encryption
 * context (so KMS refuses to unwrap the data key for any other tenant or key) and used, in canonical form, as the
 * AES-GCM additional authenticated data (so a ciphertext copied to another item fails to decrypt).
 */
public record EncryptionContext(String tenant, String keyId, String provider) {
    public static final String TENANT = "tenant";
    public static final String KEY_ID = "keyId";
    public static final String PROVIDER = "provider";

    public EncryptionContext {
        if (tenant == null || keyId == null || provider == null) {
            throw new IllegalArgumentException("encryption context needs tenant, keyId and provider");
        }
    }

    /** The context as KMS takes it. */
    public Map<String, String> asKmsContext() {
        return Map.of(TENANT, tenant, KEY_ID, keyId, PROVIDER, provider);
    }

    /**
     * Canonical bytes: entries sorted by name, {@code name=value} joined by newlines, UTF-8. Values never contain a
     * newline (ids and provider names are restricted), so the encoding is unambiguous.
     */
    public byte[] canonicalBytes() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(asKmsContext()).forEach((name, value) -> {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(name).append('=').append(value);
        });
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
