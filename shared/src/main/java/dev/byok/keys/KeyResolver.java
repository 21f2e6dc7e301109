package dev.byok.keys;

import dev.byok.crypto.EncryptionContext;
import dev.byok.crypto.EnvelopeCipher;
import dev.byok.crypto.KeyVaultConfiguration;
import dev.byok.providers.ProviderCredential;
import dev.byok.providers.ProviderKind;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Turns a stored key into a usable credential for one call. The caller passes the key item it has just read, so the
 * cache is consulted for exactly that version: a rotation (version + 1) or a deletion (no item) anywhere takes effect
 * on the next run of every execution environment, without any cache coordination. A miss decrypts the envelope (KMS
 * {@code Decrypt}, then AES-GCM; the bytes are zeroed once the credential is built) or reads the referenced secret,
 * which is cached for a shorter time because the team can rotate it outside this product. An
 * {@code openai-compatible} key is only released for a base URL the policy still allows.
 */
@Singleton
public class KeyResolver {
    private final EnvelopeCipher cipher;
    private final DecryptedKeyCache cache;
    private final ReferencedSecrets referencedSecrets;
    private final BaseUrlPolicy baseUrlPolicy;
    private final KeyVaultConfiguration configuration;
    private final SecretArnPolicy secretArnPolicy;

    public KeyResolver(EnvelopeCipher cipher, DecryptedKeyCache cache, ReferencedSecrets referencedSecrets,
                       BaseUrlPolicy baseUrlPolicy, KeyVaultConfiguration configuration) {
        this(cipher, cache, referencedSecrets, baseUrlPolicy, configuration, new SecretArnPolicy(configuration));
    }

    @Inject
    public KeyResolver(EnvelopeCipher cipher, DecryptedKeyCache cache, ReferencedSecrets referencedSecrets,
                       BaseUrlPolicy baseUrlPolicy, KeyVaultConfiguration configuration,
                       SecretArnPolicy secretArnPolicy) {
        this.secretArnPolicy = secretArnPolicy;
        this.cipher = cipher;
        this.cache = cache;
        this.referencedSecrets = referencedSecrets;
        this.baseUrlPolicy = baseUrlPolicy;
        this.configuration = configuration;
    }

    public ProviderCredential credentialFor(TenantId tenant, ProviderKey key) {
        if (key.provider() == ProviderKind.OPENAI_COMPATIBLE) {
            Optional<String> refused = key.baseUrl() == null ? Optional.of("baseUrl is missing")
                    : baseUrlPolicy.check(key.baseUrl());
            if (refused.isPresent()) {
                throw new KeyEndpointRefusedException(key.keyId(), refused.get());
            }
        }
        Optional<ProviderCredential> cached = cache.get(tenant.value(), key.keyId(), key.version());
        if (cached.isPresent()) {
            return cached.get();
        }
        return switch (key.material()) {
            case KeyMaterial.Envelope envelope -> {
                ProviderCredential credential = decrypt(tenant, key, envelope);
                cache.put(tenant.value(), key.keyId(), key.version(), credential);
                yield credential;
            }
            case KeyMaterial.SecretReference reference -> {
                ProviderCredential credential = read(tenant, key, reference);
                cache.put(tenant.value(), key.keyId(), key.version(), credential,
                        configuration.referencedSecretCacheTtl());
                yield credential;
            }
        };
    }

    /** Forgets a key's cached value, e.g. after the provider rejected it. */
    public void forget(TenantId tenant, String keyId) {
        cache.evict(tenant.value(), keyId);
    }

    private ProviderCredential decrypt(TenantId tenant, ProviderKey key, KeyMaterial.Envelope envelope) {
        byte[] plaintext = cipher.decrypt(envelope.secret(),
                new EncryptionContext(tenant.value(), key.keyId(), key.provider().wireName()));
        try {
            return new ProviderCredential(new String(plaintext, StandardCharsets.US_ASCII));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private ProviderCredential read(TenantId tenant, ProviderKey key, KeyMaterial.SecretReference reference) {
        try {
            ReferencedSecret secret = referencedSecrets.read(reference.secretArn());
            // Checked again at use: the name Secrets Manager reports must still be in this tenant's namespace.
            if (!secretArnPolicy.belongsTo(secret.name(), tenant)) {
                throw new ReferencedSecretUnreadableException(SecretArnPolicy.NO_SUCH_SECRET, null);
            }
            String value = secret.value();
            List<String> problems = ApiKeyFormat.problems(value, "value");
            if (!problems.isEmpty()) {
                throw new ReferencedSecretUnreadableException("names a secret that no longer holds a valid API key",
                        null);
            }
            return new ProviderCredential(value);
        } catch (ReferencedSecretUnreadableException e) {
            throw new KeySecretUnavailableException(key.keyId(), e);
        }
    }
}
