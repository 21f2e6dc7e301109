package dev.byok.crypto;

import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.WithLocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Envelope encryption against moto's KMS: the format, its context binding and its failures (all fail closed). */
@WithLocalAws
class KmsEnvelopeCipherTest {
    private static final EncryptionContext CONTEXT = new EncryptionContext("acme", "key_aaaaaaaaaaaaaaaaaaaa",
            "anthropic");

    private LocalAws aws;
    private KmsEnvelopeCipher cipher;
    private byte[] plaintext;

    @BeforeEach
    void setUp(LocalAws aws) {
        this.aws = aws;
        this.cipher = cipherFor(aws.kms(), aws.resources().kmsKeyArn());
        this.plaintext = ("sk-ant-CANARY-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
    }

    private static KmsEnvelopeCipher cipherFor(KmsClient kms, String keyId) {
        return new KmsEnvelopeCipher(kms, new KeyVaultConfiguration(keyId, "unused", 0, Duration.ZERO,
                Duration.ZERO, null, Duration.ofSeconds(1)));
    }

    private static byte[] flipped(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    private void assertFailsClosed(EncryptedSecret tampered, EncryptionContext context) {
        SecretDecryptionException failure = assertThrows(SecretDecryptionException.class,
                () -> cipher.decrypt(tampered, context));
        assertEquals(503, failure.errorCode().status());
    }

    @Test
    void a_secret_round_trips_in_format_1_with_a_96_bit_iv_and_a_128_bit_tag() {
        EncryptedSecret secret = cipher.encrypt(plaintext, CONTEXT);
        assertEquals(EncryptedSecret.FORMAT_AES256_GCM_V1, secret.formatVersion());
        assertEquals(aws.resources().kmsKeyArn(), secret.kmsKeyArn());
        assertEquals(12, secret.iv().length);
        assertEquals(plaintext.length + 16, secret.ciphertext().length);
        assertArrayEquals(plaintext, cipher.decrypt(secret, CONTEXT));
        assertFalse(new String(secret.ciphertext(), StandardCharsets.ISO_8859_1)
                .contains(new String(plaintext, StandardCharsets.US_ASCII)));
        assertFalse(secret.toString().contains("CANARY"));
    }

    @Test
    void every_encryption_uses_a_fresh_data_key_and_iv() {
        EncryptedSecret first = cipher.encrypt(plaintext, CONTEXT);
        EncryptedSecret second = cipher.encrypt(plaintext, CONTEXT);
        assertFalse(Arrays.equals(first.wrappedDataKey(), second.wrappedDataKey()));
        assertFalse(Arrays.equals(first.iv(), second.iv()));
        assertFalse(Arrays.equals(first.ciphertext(), second.ciphertext()));
    }

    @Test
    void tampering_with_any_stored_field_makes_decryption_fail_closed() {
        EncryptedSecret secret = cipher.encrypt(plaintext, CONTEXT);
        int last = secret.ciphertext().length - 1;
        String otherKmsKey = aws.kms().createKey(request -> request.description("another key")).keyMetadata().arn();
        for (UnaryOperator<EncryptedSecret> tamper : java.util.List.<UnaryOperator<EncryptedSecret>>of(
                s -> new EncryptedSecret(s.formatVersion(), s.kmsKeyArn(), s.wrappedDataKey(), s.iv(),
                        flipped(s.ciphertext(), 0)),
                s -> new EncryptedSecret(s.formatVersion(), s.kmsKeyArn(), s.wrappedDataKey(), s.iv(),
                        flipped(s.ciphertext(), last)),
                s -> new EncryptedSecret(s.formatVersion(), s.kmsKeyArn(), s.wrappedDataKey(), flipped(s.iv(), 5),
                        s.ciphertext()),
                s -> new EncryptedSecret(s.formatVersion(), s.kmsKeyArn(), flipped(s.wrappedDataKey(), 40), s.iv(),
                        s.ciphertext()),
                s -> new EncryptedSecret(s.formatVersion(), otherKmsKey, s.wrappedDataKey(), s.iv(), s.ciphertext()),
                s -> new EncryptedSecret(2, s.kmsKeyArn(), s.wrappedDataKey(), s.iv(), s.ciphertext()),
                s -> new EncryptedSecret(s.formatVersion(), s.kmsKeyArn(), s.wrappedDataKey(),
                        Arrays.copyOf(s.iv(), 16), s.ciphertext()),
                s -> new EncryptedSecret(s.formatVersion(), s.kmsKeyArn(), null, s.iv(), s.ciphertext()))) {
            assertFailsClosed(tamper.apply(secret), CONTEXT);
        }
        assertArrayEquals(plaintext, cipher.decrypt(secret, CONTEXT), "the untouched secret still decrypts");
    }

    @Test
    void a_secret_does_not_decrypt_under_another_tenant_key_id_or_provider() {
        EncryptedSecret secret = cipher.encrypt(plaintext, CONTEXT);
        assertFailsClosed(secret, new EncryptionContext("globex", CONTEXT.keyId(), CONTEXT.provider()));
        assertFailsClosed(secret, new EncryptionContext(CONTEXT.tenant(), "key_bbbbbbbbbbbbbbbbbbbb",
                CONTEXT.provider()));
        assertFailsClosed(secret, new EncryptionContext(CONTEXT.tenant(), CONTEXT.keyId(), "openai"));
    }

    @Test
    void the_aes_gcm_layer_binds_the_context_too_even_with_the_right_data_key() throws Exception {
        EncryptedSecret secret = cipher.encrypt(plaintext, CONTEXT);
        byte[] dataKey = aws.kms().decrypt(request -> request.keyId(secret.kmsKeyArn())
                .ciphertextBlob(SdkBytes.fromByteArray(secret.wrappedDataKey()))
                .encryptionContext(CONTEXT.asKmsContext())).plaintext().asByteArray();
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, secret.iv()));
        gcm.updateAAD(new EncryptionContext("globex", CONTEXT.keyId(), CONTEXT.provider()).canonicalBytes());
        assertThrows(AEADBadTagException.class, () -> gcm.doFinal(secret.ciphertext()));
    }

    @Test
    void a_kms_key_that_does_not_exist_fails_encryption_closed_without_the_plaintext_in_any_message() {
        KmsEnvelopeCipher missing = cipherFor(aws.kms(),
                "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000");
        SecretEncryptionException failure = assertThrows(SecretEncryptionException.class,
                () -> missing.encrypt(plaintext, CONTEXT));
        assertEquals(503, failure.errorCode().status());
        assertNoPlaintextInMessages(failure);
        KmsEnvelopeCipher missingAlias = cipherFor(aws.kms(), "alias/byok-does-not-exist");
        assertThrows(SecretEncryptionException.class, () -> missingAlias.encrypt(plaintext, CONTEXT));
    }

    @Test
    void kms_being_unreachable_fails_closed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (KmsClient unreachable = KmsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)).build()) {
            KmsEnvelopeCipher down = cipherFor(unreachable, aws.resources().kmsKeyArn());
            SecretEncryptionException failure = assertThrows(SecretEncryptionException.class,
                    () -> down.encrypt(plaintext, CONTEXT));
            assertNoPlaintextInMessages(failure);
            EncryptedSecret secret = cipher.encrypt(plaintext, CONTEXT);
            assertThrows(SecretDecryptionException.class, () -> down.decrypt(secret, CONTEXT));
        }
    }

    private void assertNoPlaintextInMessages(Throwable failure) {
        String canary = new String(plaintext, StandardCharsets.US_ASCII);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(canary), t.getClass().getName());
        }
    }
}
