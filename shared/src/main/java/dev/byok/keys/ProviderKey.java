package dev.byok.keys;

import dev.byok.providers.ProviderKind;

import java.time.Instant;

/**
 * A registered provider key: its public metadata and its (encrypted or referenced) material. The plaintext is not
 * part of this type; it exists only inside {@link KeyResolver} while a call is made.
 *
 * @param version bumped on every rotation; decrypted-key cache entries are keyed by it
 * @param baseUrl the endpoint of an {@code openai-compatible} key, else null
 */
public record ProviderKey(String keyId, ProviderKind provider, String label, String last4, String fingerprint,
                          KeyStatus status, int version, Instant createdAt, Instant rotatedAt, Instant verifiedAt,
                          String baseUrl, KeyMaterial material) {
}
