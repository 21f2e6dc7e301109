package dev.byok.crypto;

import java.security.SecureRandom;

/** {@link FingerprintKeySource} in memory: a random HMAC key per instance, as a deployment has one secret. */
public class InMemoryFingerprintKeySource implements FingerprintKeySource {
    private final byte[] key = new byte[32];

    public InMemoryFingerprintKeySource() {
        new SecureRandom().nextBytes(key);
    }

    @Override
    public byte[] hmacKey() {
        return key.clone();
    }
}
