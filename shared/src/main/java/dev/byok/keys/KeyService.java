package dev.byok.keys;

import dev.byok.crypto.EncryptionContext;
import dev.byok.crypto.EnvelopeCipher;
import dev.byok.crypto.KeyFingerprinter;
import dev.byok.error.RequestValidator;
import dev.byok.ids.Ids;
import dev.byok.logging.LogContext;
import dev.byok.providers.ProviderKind;
import dev.byok.tenancy.AuthenticatedPrincipal;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Registers, lists, shows and deletes a tenant's provider keys. A key by value is envelope-encrypted before anything
 * is written; its plaintext exists only in this method's local variables and is zeroed before returning.
 */
@Singleton
public class KeyService {
    private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);
    /** Visible ASCII only: a key with whitespace or control characters could inject into an HTTP header. */
    private static final Pattern API_KEY = Pattern.compile("[\\x21-\\x7E]{8,4096}");

    private final KeyRepository keys;
    private final EnvelopeCipher cipher;
    private final KeyFingerprinter fingerprinter;
    private final BaseUrlPolicy baseUrlPolicy;
    private final Clock clock;

    public KeyService(KeyRepository keys, EnvelopeCipher cipher, KeyFingerprinter fingerprinter,
                      BaseUrlPolicy baseUrlPolicy) {
        this(keys, cipher, fingerprinter, baseUrlPolicy, Clock.systemUTC());
    }

    KeyService(KeyRepository keys, EnvelopeCipher cipher, KeyFingerprinter fingerprinter, BaseUrlPolicy baseUrlPolicy,
               Clock clock) {
        this.keys = keys;
        this.cipher = cipher;
        this.fingerprinter = fingerprinter;
        this.baseUrlPolicy = baseUrlPolicy;
        this.clock = clock;
    }

    public KeyView register(AuthenticatedPrincipal principal, RegisterKeyRequest request) {
        LogContext.putTenant(principal.tenant());
        if (request == null) {
            new RequestValidator().require(false, "a JSON body is required").throwIfInvalid("The key is not valid.");
        }
        Optional<ProviderKind> provider = ProviderKind.fromWireName(request.provider());
        RequestValidator validator = new RequestValidator()
                .require(provider.isPresent(), "provider must be one of: " + ProviderKind.allWireNames())
                .requireText(request.label(), "label", 100)
                .require(request.secretArn() == null, "secretArn registration is not available yet: send apiKey")
                .require(request.apiKey() != null, "apiKey is required")
                .require(request.apiKey() == null || API_KEY.matcher(request.apiKey()).matches(),
                        "apiKey must be 8 to 4096 visible ASCII characters with no spaces");
        boolean compatible = provider.orElse(null) == ProviderKind.OPENAI_COMPATIBLE;
        validator.require(!compatible || request.baseUrl() != null, "baseUrl is required for openai-compatible")
                .require(compatible || request.baseUrl() == null, "baseUrl is only accepted for openai-compatible");
        if (compatible && request.baseUrl() != null) {
            baseUrlPolicy.check(request.baseUrl()).ifPresent(reason -> validator.require(false, reason));
        }
        validator.throwIfInvalid("The key is not valid.");

        String keyId = Ids.keyId();
        LogContext.put(LogContext.KEY, keyId);
        ProviderKind kind = provider.orElseThrow();
        byte[] plaintext = request.apiKey().getBytes(StandardCharsets.US_ASCII);
        try {
            var secret = cipher.encrypt(plaintext, new EncryptionContext(principal.tenant().value(), keyId,
                    kind.wireName()));
            String fingerprint = fingerprinter.fingerprint(plaintext);
            String apiKey = request.apiKey();
            String last4 = apiKey.substring(apiKey.length() - 4);
            ProviderKey key = new ProviderKey(keyId, kind, request.label().strip(), last4, fingerprint,
                    KeyStatus.UNVERIFIED, 1, clock.instant(), null, null, request.baseUrl(),
                    new KeyMaterial.Envelope(secret));
            keys.create(principal.tenant(), key);
            LOG.info("key registered: provider={}", kind.wireName());
            return KeyView.of(key);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    public List<KeyView> list(AuthenticatedPrincipal principal) {
        return keys.list(principal.tenant()).stream().map(KeyView::of).toList();
    }

    public KeyView get(AuthenticatedPrincipal principal, String keyId) {
        return KeyView.of(require(principal, keyId));
    }

    public void delete(AuthenticatedPrincipal principal, String keyId) {
        LogContext.putTenant(principal.tenant());
        if (!Ids.looksLikeId(keyId) || !keys.delete(principal.tenant(), keyId)) {
            throw new KeyNotFoundException(keyId);
        }
        LogContext.put(LogContext.KEY, keyId);
        LOG.info("key deleted");
    }

    /** The key, or 404 for an unknown id and for another tenant's id alike. */
    public ProviderKey require(AuthenticatedPrincipal principal, String keyId) {
        if (!Ids.looksLikeId(keyId)) {
            throw new KeyNotFoundException(keyId);
        }
        return keys.find(principal.tenant(), keyId).orElseThrow(() -> new KeyNotFoundException(keyId));
    }
}
