package dev.byok.crypto;

/** Port: the per-deployment HMAC key that key fingerprints are computed with. */
public interface FingerprintKeySource {
    /** The key bytes. Callers must not modify or retain references beyond one computation. */
    byte[] hmacKey();
}
