package dev.byok.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory {@link EnvelopeCipher} for unit tests: the same envelope shape as KMS (a fresh data key per secret,
 * wrapped under a master key with the context as AAD, AES-256-GCM for the value), and the same failures (a changed
 * context or byte fails with {@link SecretDecryptionException}). Counts calls; {@link #failWith} simulates an outage.
 */
public class InMemoryEnvelopeCipher implements EnvelopeCipher {
    public static final String KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/in-memory";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] masterKey = new byte[32];
    private final AtomicInteger encryptions = new AtomicInteger();
    private final AtomicInteger decryptions = new AtomicInteger();
    private volatile RuntimeException failure;

    public InMemoryEnvelopeCipher() {
        RANDOM.nextBytes(masterKey);
    }

    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    public int encryptions() {
        return encryptions.get();
    }

    public int decryptions() {
        return decryptions.get();
    }

    @Override
    public EncryptedSecret encrypt(byte[] plaintext, EncryptionContext context) {
        encryptions.incrementAndGet();
        if (failure != null) {
            throw failure;
        }
        try {
            byte[] dataKey = new byte[32];
            RANDOM.nextBytes(dataKey);
            byte[] wrapIv = new byte[12];
            RANDOM.nextBytes(wrapIv);
            byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, masterKey, wrapIv, context, dataKey);
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, dataKey, iv, context, plaintext);
            return new EncryptedSecret(EncryptedSecret.FORMAT_AES256_GCM_V1, KEY_ARN, concat(wrapIv, wrapped), iv,
                    ciphertext);
        } catch (GeneralSecurityException e) {
            throw new SecretEncryptionException(e);
        }
    }

    @Override
    public byte[] decrypt(EncryptedSecret secret, EncryptionContext context) {
        decryptions.incrementAndGet();
        if (failure != null) {
            throw failure;
        }
        try {
            byte[] wrapIv = java.util.Arrays.copyOfRange(secret.wrappedDataKey(), 0, 12);
            byte[] wrapped = java.util.Arrays.copyOfRange(secret.wrappedDataKey(), 12, secret.wrappedDataKey().length);
            byte[] dataKey = gcm(Cipher.DECRYPT_MODE, masterKey, wrapIv, context, wrapped);
            return gcm(Cipher.DECRYPT_MODE, dataKey, secret.iv(), context, secret.ciphertext());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SecretDecryptionException(e);
        }
    }

    private static byte[] gcm(int mode, byte[] key, byte[] iv, EncryptionContext context, byte[] input)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(context.canonicalBytes());
        return cipher.doFinal(input);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] result = new byte[first.length + second.length];
        System.arraycopy(first, 0, result, 0, first.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }
}
