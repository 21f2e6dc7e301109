package dev.byok.providers;

/** Port: one provider's HTTP API. Implementations do no retries (the run owns retries) and never log payloads. */
public interface ProviderClient {
    ProviderKind kind();

    /** Calls the model. Throws {@link ProviderException} for every failure, classified. */
    CompletionResult complete(CompletionRequest request, ProviderCredential credential);
}
