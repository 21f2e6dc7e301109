package dev.byok.keys;

/** What the last check against the provider said about a key. {@code UNVERIFIED} is never reported as valid. */
public enum KeyStatus {
    UNVERIFIED, VALID, INVALID
}
