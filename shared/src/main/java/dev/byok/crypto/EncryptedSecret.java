package dev.byok.crypto;

/**
 * An envelope-encrypted secret as stored: the KMS-wrapped data key, the AES-GCM IV and ciphertext (with its 128-bit
 * tag appended), the KMS key that wrapped it, and the format version so the layout can evolve while old items still
 * decrypt.
 */
public record EncryptedSecret(int formatVersion, String kmsKeyArn, byte[] wrappedDataKey, byte[] iv,
                              byte[] ciphertext) {
    /** Format 1: AES-256-GCM, 96-bit IV, 128-bit tag, AAD = {@link EncryptionContext#canonicalBytes()}. */
    public static final int FORMAT_AES256_GCM_V1 = 1;

    @Override
    public String toString() {
        return "EncryptedSecret[formatVersion=" + formatVersion + ", kmsKeyArn=" + kmsKeyArn + "]";
    }
}
