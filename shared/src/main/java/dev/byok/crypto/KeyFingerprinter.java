package dev.byok.crypto;

import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Fingerprints a provider key as {@code hmac-sha256:<hex>} under the per-deployment key: the same key registered
 * twice has the same fingerprint, without the fingerprint revealing anything about the key to someone who lacks the
 * deployment's secret (a plain hash of a low-entropy key could be brute-forced).
 */
@Singleton
public class KeyFingerprinter {
    private final FingerprintKeySource keySource;

    public KeyFingerprinter(FingerprintKeySource keySource) {
        this.keySource = keySource;
    }

    public String fingerprint(byte[] apiKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keySource.hmacKey(), "HmacSHA256"));
            return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(apiKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
