package dev.byok.keys;

import dev.byok.providers.ProviderKind;

import java.time.Instant;

/**
 * A registered provider key: its public metadata and its (encrypted or referenced) material. The plaintext is not
 * part of this type; it exists only inside {@link KeyResolver} and {@link KeySealer} while a call is made.
 *
 * @param last4   the key's last 4 characters, or null for a key shorter than {@link ApiKeyFormat#LAST4_MIN_LENGTH}
 * @param version starts at 1 and is bumped on every rotation; decrypted-key cache entries are keyed by it
 * @param baseUrl the endpoint of an {@code openai-compatible} key, else null
 */
public record ProviderKey(String keyId, ProviderKind provider, String label, String last4, String fingerprint,
                          KeyStatus status, int version, Instant createdAt, Instant rotatedAt, Instant verifiedAt,
                          String baseUrl, KeyMaterial material) {

    /** The same key version with the outcome of a check against the provider. */
    public ProviderKey withVerification(KeyStatus newStatus, Instant at) {
        return new ProviderKey(keyId, provider, label, last4, fingerprint, newStatus, version, createdAt, rotatedAt, at,
                baseUrl, material);
    }
}
