package dev.byok.keys;

import dev.byok.audit.AuditAction;
import dev.byok.audit.AuditEvent;
import dev.byok.error.RequestValidator;
import dev.byok.ids.Ids;
import dev.byok.logging.LogContext;
import dev.byok.providers.ProviderCredential;
import dev.byok.providers.ProviderKind;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's key vault: register (by value or by reference), list, show, rotate, verify and delete provider keys.
 * Every request is validated completely before anything is spent or written; every change is written in one atomic
 * step together with its audit item; a failure of KMS, Secrets Manager or DynamoDB leaves nothing behind. Plaintext
 * exists only while {@link KeySealer} or {@link KeyResolver} work on it, never in a log line, an exception message, a
 * response or an item.
 */
@Singleton
public class KeyService {
    private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);

    private final KeyRepository keys;
    private final KeySealer sealer;
    private final KeyResolver resolver;
    private final KeyCheck keyCheck;
    private final BaseUrlPolicy baseUrlPolicy;
    private final SecretArnPolicy secretArnPolicy;
    private final Clock clock;

    public KeyService(KeyRepository keys, KeySealer sealer, KeyResolver resolver, KeyCheck keyCheck,
                      BaseUrlPolicy baseUrlPolicy, SecretArnPolicy secretArnPolicy) {
        this(keys, sealer, resolver, keyCheck, baseUrlPolicy, secretArnPolicy, Clock.systemUTC());
    }

    KeyService(KeyRepository keys, KeySealer sealer, KeyResolver resolver, KeyCheck keyCheck,
               BaseUrlPolicy baseUrlPolicy, SecretArnPolicy secretArnPolicy, Clock clock) {
        this.keys = keys;
        this.sealer = sealer;
        this.resolver = resolver;
        this.keyCheck = keyCheck;
        this.baseUrlPolicy = baseUrlPolicy;
        this.secretArnPolicy = secretArnPolicy;
        this.clock = clock;
    }

    /** {@code POST /keys} without a check against the provider. */
    public KeyView register(AuthenticatedPrincipal principal, RegisterKeyRequest request) {
        return register(principal, request, null);
    }

    /**
     * {@code POST /keys[?verify=true]}: validates everything, refuses a label the tenant already uses, seals the key
     * (encrypts it, or reads the referenced secret), optionally checks it with the provider, then stores key, label
     * lock and audit items in one transaction.
     */
    public KeyView register(AuthenticatedPrincipal principal, RegisterKeyRequest request, String verify) {
        TenantId tenant = principal.tenant();
        LogContext.putTenant(tenant);
        RequestValidator validator = new RequestValidator();
        boolean verifyNow = parseVerify(verify, validator);
        if (request == null) {
            validator.require(false, "a JSON body is required").throwIfInvalid("The key is not valid.");
        }
        Optional<ProviderKind> provider = ProviderKind.fromWireName(request.provider());
        validator.require(provider.isPresent(), "provider must be one of: " + ProviderKind.allWireNames())
                .requireText(request.label(), "label", KeyLabels.MAX_LENGTH)
                .require(request.label() == null || !KeyLabels.hasControlCharacters(request.label()),
                        "label must not contain control characters");
        validateSecretSource(tenant, request.apiKey(), request.secretArn(), validator);
        boolean compatible = provider.orElse(null) == ProviderKind.OPENAI_COMPATIBLE;
        validator.require(!compatible || request.baseUrl() != null, "baseUrl is required for openai-compatible")
                .require(compatible || request.baseUrl() == null, "baseUrl is only accepted for openai-compatible");
        if (compatible && request.baseUrl() != null) {
            baseUrlPolicy.check(request.baseUrl()).ifPresent(reason -> validator.require(false, reason));
        }
        validator.throwIfInvalid("The key is not valid.");
        String label = request.label().strip();
        if (keys.labelTaken(tenant, label)) {
            throw new DuplicateKeyLabelException();
        }

        String keyId = Ids.keyId();
        LogContext.put(LogContext.KEY, keyId);
        ProviderKind kind = provider.orElseThrow();
        Instant createdAt = clock.instant();
        KeySealer.Sealed sealed = request.apiKey() != null
                ? sealer.sealValue(tenant, keyId, kind, request.apiKey())
                : sealer.sealReference(tenant, request.secretArn());
        ProviderKey key = new ProviderKey(keyId, kind, label, sealed.last4(), sealed.fingerprint(),
                KeyStatus.UNVERIFIED, 1, createdAt, null, null, request.baseUrl(), sealed.material());
        List<AuditEvent> audit = new ArrayList<>();
        audit.add(AuditEvent.of(createdAt, principal, AuditAction.KEY_CREATED, keyId, kind.wireName(), 1,
                AuditEvent.SUCCEEDED));
        if (verifyNow) {
            key = checked(key, sealed.credential());
            audit.add(AuditEvent.of(key.verifiedAt(), principal, AuditAction.KEY_VERIFIED, keyId, kind.wireName(), 1,
                    key.status().name()));
        }
        keys.create(tenant, key, audit);
        LOG.info("key registered: provider={} source={} status={}", kind.wireName(),
                KeyView.of(key).source(), key.status());
        return KeyView.of(key);
    }

    public List<KeyView> list(AuthenticatedPrincipal principal) {
        LogContext.putTenant(principal.tenant());
        return keys.list(principal.tenant()).stream().map(KeyView::of).toList();
    }

    public KeyView get(AuthenticatedPrincipal principal, String keyId) {
        return KeyView.of(require(principal, keyId));
    }

    /**
     * {@code PUT /keys/{keyId}}: a new value (or a re-read secret) under a fresh data key and IV, version + 1, status
     * back to {@code UNVERIFIED}. Written only if nobody changed the key since it was read (else 409), so once this
     * returns every run anywhere reads the new version and no cache can serve the old value.
     */
    public KeyView rotate(AuthenticatedPrincipal principal, String keyId, RotateKeyRequest request) {
        ProviderKey current = require(principal, keyId);
        TenantId tenant = principal.tenant();
        boolean byReference = current.material() instanceof KeyMaterial.SecretReference;
        RequestValidator validator = new RequestValidator();
        if (request == null) {
            validator.require(false, "a JSON body is required").throwIfInvalid("The rotation is not valid.");
        }
        validateSecretSource(tenant, request.apiKey(), request.secretArn(), validator);
        validator.require(byReference || request.secretArn() == null,
                        "this key was registered by value: send apiKey")
                .require(!byReference || request.apiKey() == null,
                        "this key was registered by reference: rotate the secret in Secrets Manager, then send its "
                                + "secretArn")
                .throwIfInvalid("The rotation is not valid.");

        Instant rotatedAt = clock.instant();
        KeySealer.Sealed sealed = byReference ? sealer.sealReference(tenant, request.secretArn())
                : sealer.sealValue(tenant, keyId, current.provider(), request.apiKey());
        int version = current.version() + 1;
        ProviderKey rotated = new ProviderKey(keyId, current.provider(), current.label(), sealed.last4(),
                sealed.fingerprint(), KeyStatus.UNVERIFIED, version, current.createdAt(), rotatedAt, null,
                current.baseUrl(), sealed.material());
        keys.replace(tenant, rotated, current.version(), AuditEvent.of(rotatedAt, principal, AuditAction.KEY_ROTATED,
                keyId, current.provider().wireName(), version, AuditEvent.SUCCEEDED));
        resolver.forget(tenant, keyId);
        LOG.info("key rotated: provider={} version={}", current.provider().wireName(), version);
        return KeyView.of(rotated);
    }

    /**
     * {@code POST /keys/{keyId}/verify}: decrypts (or reads) the key, asks the provider, records the status and
     * {@code verifiedAt} unless the key was rotated meanwhile (409). A rejected key is dropped from the cache.
     */
    public KeyView verify(AuthenticatedPrincipal principal, String keyId) {
        ProviderKey current = require(principal, keyId);
        TenantId tenant = principal.tenant();
        ProviderKey checked = checked(current, resolver.credentialFor(tenant, current));
        if (checked.status() == KeyStatus.INVALID) {
            resolver.forget(tenant, keyId);
        }
        keys.replace(tenant, checked, current.version(), AuditEvent.of(checked.verifiedAt(), principal,
                AuditAction.KEY_VERIFIED, keyId, current.provider().wireName(), current.version(),
                checked.status().name()));
        return KeyView.of(checked);
    }

    /** {@code DELETE /keys/{keyId}}: removes the whole key item (its secret material with it) and frees its label. */
    public void delete(AuthenticatedPrincipal principal, String keyId) {
        ProviderKey current = require(principal, keyId);
        TenantId tenant = principal.tenant();
        boolean deleted = keys.delete(tenant, current, AuditEvent.of(clock.instant(), principal,
                AuditAction.KEY_DELETED, keyId, current.provider().wireName(), current.version(),
                AuditEvent.SUCCEEDED));
        if (!deleted) {
            throw new KeyNotFoundException(keyId);
        }
        resolver.forget(tenant, keyId);
        LOG.info("key deleted: provider={}", current.provider().wireName());
    }

    /** The key, or 404 for an unknown id and for another tenant's id alike. */
    public ProviderKey require(AuthenticatedPrincipal principal, String keyId) {
        LogContext.putTenant(principal.tenant());
        if (!Ids.looksLikeId(keyId)) {
            throw new KeyNotFoundException(keyId);
        }
        ProviderKey key = keys.find(principal.tenant(), keyId).orElseThrow(() -> new KeyNotFoundException(keyId));
        LogContext.put(LogContext.KEY, keyId);
        return key;
    }

    private ProviderKey checked(ProviderKey key, ProviderCredential credential) {
        KeyStatus status = keyCheck.check(key.provider(), key.baseUrl(), credential);
        return key.withVerification(status, clock.instant());
    }

    private void validateSecretSource(TenantId tenant, String apiKey, String secretArn, RequestValidator validator) {
        if (apiKey == null && secretArn == null) {
            validator.require(false, "apiKey (or secretArn) is required");
        } else if (apiKey != null && secretArn != null) {
            validator.require(false, "send either apiKey or secretArn, not both");
        } else if (apiKey != null) {
            ApiKeyFormat.problems(apiKey, "apiKey").forEach(problem -> validator.require(false, problem));
        } else {
            secretArnPolicy.check(secretArn, tenant).ifPresent(problem -> validator.require(false, problem));
        }
    }

    private static boolean parseVerify(String verify, RequestValidator validator) {
        if (verify == null || verify.equals("false")) {
            return false;
        }
        validator.require(verify.equals("true"), "verify must be true or false");
        return verify.equals("true");
    }
}
