package dev.byok.keys;

import dev.byok.providers.ProviderCredential;
import dev.byok.providers.ProviderKind;

/** Port: asks a key's provider whether it accepts the key. */
public interface KeyCheck {
    /** VALID only when the provider accepted the key; INVALID when it rejected it; UNVERIFIED otherwise. */
    KeyStatus check(ProviderKind provider, String keyBaseUrl, ProviderCredential credential);
}
