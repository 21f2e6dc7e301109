package dev.byok.keys;

import dev.byok.crypto.EncryptionContext;
import dev.byok.crypto.EnvelopeCipher;
import dev.byok.providers.ProviderCredential;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns a stored key into a usable credential for one call: from the cache when it holds this key's current
 * version, else by KMS-decrypting the envelope. The decrypted bytes are zeroed once the credential is built.
 */
@Singleton
public class KeyResolver {
    private final EnvelopeCipher cipher;
    private final DecryptedKeyCache cache;

    public KeyResolver(EnvelopeCipher cipher, DecryptedKeyCache cache) {
        this.cipher = cipher;
        this.cache = cache;
    }

    public ProviderCredential credentialFor(TenantId tenant, ProviderKey key) {
        return cache.get(tenant.value(), key.keyId(), key.version()).orElseGet(() -> {
            ProviderCredential credential = decrypt(tenant, key);
            cache.put(tenant.value(), key.keyId(), key.version(), credential);
            return credential;
        });
    }

    /** Forgets a key's cached value, e.g. after the provider rejected it. */
    public void forget(TenantId tenant, String keyId) {
        cache.evict(tenant.value(), keyId);
    }

    private ProviderCredential decrypt(TenantId tenant, ProviderKey key) {
        if (!(key.material() instanceof KeyMaterial.Envelope envelope)) {
            throw new IllegalStateException("key material of type " + key.material().getClass().getSimpleName()
                    + " is not supported yet");
        }
        byte[] plaintext = cipher.decrypt(envelope.secret(),
                new EncryptionContext(tenant.value(), key.keyId(), key.provider().wireName()));
        try {
            return new ProviderCredential(new String(plaintext, StandardCharsets.US_ASCII));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
