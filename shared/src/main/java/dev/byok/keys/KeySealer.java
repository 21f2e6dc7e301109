package dev.byok.keys;

import dev.byok.crypto.EncryptedSecret;
import dev.byok.crypto.EncryptionContext;
import dev.byok.crypto.EnvelopeCipher;
import dev.byok.crypto.KeyFingerprinter;
import dev.byok.providers.ProviderCredential;
import dev.byok.providers.ProviderKind;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Turns what a caller hands over into what is stored: a key value is fingerprinted and envelope-encrypted under the
 * (tenant, key id, provider) context; a secret reference is read once, to prove it exists and holds a valid key and
 * to compute last 4 and fingerprint, and only its ARN is kept. The plaintext bytes are zeroed before returning.
 */
@Singleton
public class KeySealer {
    private final EnvelopeCipher cipher;
    private final KeyFingerprinter fingerprinter;
    private final ReferencedSecrets referencedSecrets;
    private final SecretArnPolicy secretArnPolicy;

    public KeySealer(EnvelopeCipher cipher, KeyFingerprinter fingerprinter, ReferencedSecrets referencedSecrets,
                     SecretArnPolicy secretArnPolicy) {
        this.secretArnPolicy = secretArnPolicy;
        this.cipher = cipher;
        this.fingerprinter = fingerprinter;
        this.referencedSecrets = referencedSecrets;
    }

    /**
     * What to store for a key, plus the credential for an immediate check against the provider.
     * {@code toString} shows no value.
     */
    public record Sealed(KeyMaterial material, String last4, String fingerprint, ProviderCredential credential) {
    }

    /** Fingerprints and encrypts a validated key value for one key id (fresh data key and IV every time). */
    public Sealed sealValue(TenantId tenant, String keyId, ProviderKind provider, String apiKey) {
        byte[] plaintext = apiKey.getBytes(StandardCharsets.US_ASCII);
        try {
            String fingerprint = fingerprinter.fingerprint(plaintext);
            EncryptedSecret secret = cipher.encrypt(plaintext,
                    new EncryptionContext(tenant.value(), keyId, provider.wireName()));
            return new Sealed(new KeyMaterial.Envelope(secret), ApiKeyFormat.last4(apiKey), fingerprint,
                    new ProviderCredential(apiKey));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Reads the referenced secret once and keeps only its ARN. */
    public Sealed sealReference(TenantId tenant, String secretArn) {
        ReferencedSecret secret = referencedSecrets.read(secretArn);
        if (!secretArnPolicy.belongsTo(secret.name(), tenant)) {
            throw new ReferencedSecretUnreadableException(SecretArnPolicy.NO_SUCH_SECRET, null);
        }
        String value = secret.value();
        List<String> problems = ApiKeyFormat.problems(value, "value");
        if (!problems.isEmpty()) {
            throw new ReferencedSecretUnreadableException("names a secret that does not hold a valid API key ("
                    + String.join("; ", problems) + ")", null);
        }
        byte[] plaintext = value.getBytes(StandardCharsets.US_ASCII);
        try {
            return new Sealed(new KeyMaterial.SecretReference(secretArn), ApiKeyFormat.last4(value),
                    fingerprinter.fingerprint(plaintext), new ProviderCredential(value));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
