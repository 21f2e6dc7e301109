package dev.byok.providers;

/**
 * A decrypted provider API key, in memory only. It has no accessor that a serializer or logger would call:
 * {@code toString} is redacted and the value is read only through {@link #reveal()}, at the moment a request
 * header is built.
 */
public final class ProviderCredential {
    private final String apiKey;

    public ProviderCredential(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            throw new IllegalArgumentException("empty credential");
        }
        this.apiKey = apiKey;
    }

    public String reveal() {
        return apiKey;
    }

    @Override
    public String toString() {
        return "ProviderCredential[redacted]";
    }
}
