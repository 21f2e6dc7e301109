package dev.byok.keys;

/**
 * What the last check against the provider said about a key: {@code VALID} (accepted), {@code INVALID} (rejected:
 * 401/403, Gemini's 400 {@code API_KEY_INVALID}) or {@code UNVERIFIED} (never checked since registration or rotation,
 * or the check proved nothing: network error, timeout, 429, 5xx). {@code UNVERIFIED} is never reported as valid.
 */
public enum KeyStatus {
    UNVERIFIED, VALID, INVALID
}
