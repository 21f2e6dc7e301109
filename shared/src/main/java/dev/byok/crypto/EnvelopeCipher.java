package dev.byok.crypto;

/** Port: envelope encryption of small secrets (provider API keys) under a context. */
public interface EnvelopeCipher {
    /** Encrypts under a fresh data key bound to {@code context}. Never returns or stores plaintext on failure. */
    EncryptedSecret encrypt(byte[] plaintext, EncryptionContext context);

    /** Decrypts; fails with {@link SecretDecryptionException} if the context or any byte differs. */
    byte[] decrypt(EncryptedSecret secret, EncryptionContext context);
}
