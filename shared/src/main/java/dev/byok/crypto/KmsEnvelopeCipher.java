package dev.byok.crypto;

import dev.byok.ids.Ids;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * {@link EnvelopeCipher} on AWS KMS: one {@code GenerateDataKey} (AES-256, with the encryption context) per secret,
 * AES-256-GCM locally, the plaintext data key zeroed as soon as it has been used.
 */
@Singleton
public class KmsEnvelopeCipher implements EnvelopeCipher {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KmsClient kms;
    private final String kmsKeyId;

    public KmsEnvelopeCipher(KmsClient kms, KeyVaultConfiguration configuration) {
        this.kms = kms;
        this.kmsKeyId = configuration.kmsKeyId();
    }

    @Override
    public EncryptedSecret encrypt(byte[] plaintext, EncryptionContext context) {
        byte[] dataKey = null;
        try {
            GenerateDataKeyResponse generated = kms.generateDataKey(request -> request
                    .keyId(kmsKeyId)
                    .keySpec(DataKeySpec.AES_256)
                    .encryptionContext(context.asKmsContext()));
            dataKey = generated.plaintext().asByteArrayUnsafe();
            byte[] iv = new byte[IV_BYTES];
            Ids.secureRandom().nextBytes(iv);
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.canonicalBytes());
            byte[] ciphertext = cipher.doFinal(plaintext);
            return new EncryptedSecret(EncryptedSecret.FORMAT_AES256_GCM_V1, generated.keyId(),
                    generated.ciphertextBlob().asByteArray(), iv, ciphertext);
        } catch (SdkException | GeneralSecurityException e) {
            throw new SecretEncryptionException(e);
        } finally {
            if (dataKey != null) {
                Arrays.fill(dataKey, (byte) 0);
            }
        }
    }

    @Override
    public byte[] decrypt(EncryptedSecret secret, EncryptionContext context) {
        if (secret.formatVersion() != EncryptedSecret.FORMAT_AES256_GCM_V1) {
            throw new SecretDecryptionException(
                    new IllegalStateException("unknown envelope format " + secret.formatVersion()));
        }
        if (secret.kmsKeyArn() == null || secret.wrappedDataKey() == null || secret.iv() == null
                || secret.iv().length != IV_BYTES || secret.ciphertext() == null) {
            throw new SecretDecryptionException(new IllegalStateException("incomplete envelope"));
        }
        byte[] dataKey = null;
        try {
            DecryptResponse decrypted = kms.decrypt(request -> request
                    .keyId(secret.kmsKeyArn())
                    .ciphertextBlob(SdkBytes.fromByteArray(secret.wrappedDataKey()))
                    .encryptionContext(context.asKmsContext()));
            dataKey = decrypted.plaintext().asByteArrayUnsafe();
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"),
                    new GCMParameterSpec(TAG_BITS, secret.iv()));
            cipher.updateAAD(context.canonicalBytes());
            return cipher.doFinal(secret.ciphertext());
        } catch (SdkException | GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretDecryptionException(e);
        } finally {
            if (dataKey != null) {
                Arrays.fill(dataKey, (byte) 0);
            }
        }
    }
}
