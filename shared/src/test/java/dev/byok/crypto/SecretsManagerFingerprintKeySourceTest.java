package dev.byok.crypto;

import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.WithLocalAws;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The fingerprint HMAC key, read from moto's Secrets Manager in both formats the deployments write. */
@WithLocalAws
class SecretsManagerFingerprintKeySourceTest {

    private static SecretsManagerFingerprintKeySource sourceFor(LocalAws aws, String secretId) {
        return new SecretsManagerFingerprintKeySource(aws.secretsManager(), new KeyVaultConfiguration("kms", secretId,
                0, Duration.ZERO, Duration.ZERO, null, Duration.ofSeconds(1)));
    }

    private static String secret(LocalAws aws, String value) {
        return aws.secretsManager().createSecret(request -> request.name("byok-test/fp-" + UUID.randomUUID())
                .secretString(value)).arn();
    }

    @Test
    void the_templates_64_hex_characters_are_read_as_32_bytes() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        assertArrayEquals(key, SecretsManagerFingerprintKeySource.decode(HexFormat.of().formatHex(key)));
    }

    @Test
    void the_bootstraps_base64_is_read_as_bytes(LocalAws aws) {
        byte[] key = "0123456789abcdef0123456789ABCDEF!".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(key, sourceFor(aws, secret(aws, Base64.getEncoder().encodeToString(key))).hmacKey());
        String hex = "00ff".repeat(16);
        assertArrayEquals(HexFormat.of().parseHex(hex), sourceFor(aws, secret(aws, hex + "\n")).hmacKey());
    }

    @Test
    void a_missing_secret_is_a_503_and_a_short_key_is_refused(LocalAws aws) {
        SecretEncryptionException missing = assertThrows(SecretEncryptionException.class,
                () -> sourceFor(aws, "byok-test/does-not-exist").hmacKey());
        assertEquals(503, missing.errorCode().status());
        assertThrows(IllegalStateException.class, () -> sourceFor(aws, secret(aws, "c2hvcnQ=")).hmacKey());
    }
}
