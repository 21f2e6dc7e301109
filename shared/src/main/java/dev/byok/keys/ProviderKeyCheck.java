package dev.byok.keys;

import dev.byok.crypto.KeyVaultConfiguration;
import dev.byok.providers.ProviderCredential;
import dev.byok.providers.ProviderKind;
import dev.byok.providers.ProvidersConfiguration;
import dev.byok.providers.verification.ProviderKeyVerifier;
import dev.byok.providers.verification.VerificationResult;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;

/**
 * {@link KeyCheck} through the provider's own API (its cheapest authenticated call, see ProviderKeyVerifier), mapping
 * the answer to a {@link KeyStatus}: {@code VALID} only for an accepting answer, {@code INVALID} for a rejection, and
 * {@code UNVERIFIED} for anything that proves neither (timeouts, network errors, 429, 5xx).
 */
@Singleton
public class ProviderKeyCheck implements KeyCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderKeyCheck.class);

    private final ProviderKeyVerifier verifier;
    private final ProvidersConfiguration providers;
    private final KeyVaultConfiguration vault;

    public ProviderKeyCheck(ProviderKeyVerifier verifier, ProvidersConfiguration providers,
                           KeyVaultConfiguration vault) {
        this.verifier = verifier;
        this.providers = providers;
        this.vault = vault;
    }

    @Override
    public KeyStatus check(ProviderKind provider, String keyBaseUrl, ProviderCredential credential) {
        URI baseUrl = provider == ProviderKind.OPENAI_COMPATIBLE ? URI.create(keyBaseUrl)
                : providers.baseUrlOf(provider);
        VerificationResult result = verifier.verify(provider, baseUrl, credential, vault.verifyTimeout());
        KeyStatus status = switch (result.outcome()) {
            case VALID -> KeyStatus.VALID;
            case INVALID -> KeyStatus.INVALID;
            case UNVERIFIED -> KeyStatus.UNVERIFIED;
        };
        LOG.info("key checked with provider: provider={} status={} reason={} providerStatus={}",
                provider.wireName(), status, result.reason(), result.httpStatus());
        return status;
    }
}
