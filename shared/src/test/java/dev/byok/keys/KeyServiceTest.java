package dev.byok.keys;

import dev.byok.audit.AuditAction;
import dev.byok.audit.AuditEvent;
import dev.byok.audit.InMemoryAuditLog;
import dev.byok.crypto.EncryptionContext;
import dev.byok.crypto.InMemoryEnvelopeCipher;
import dev.byok.crypto.KeyFingerprinter;
import dev.byok.crypto.KeyVaultConfiguration;
import dev.byok.crypto.SecretEncryptionException;
import dev.byok.error.ErrorCode;
import dev.byok.error.InvalidRequestException;
import dev.byok.error.ServiceException;
import dev.byok.providers.ProviderCredential;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key vault's rules, on in-memory fakes of its ports (the AWS adapters have their own tests against moto). */
class KeyServiceTest {
    private static final AuthenticatedPrincipal ACME = new AuthenticatedPrincipal(new TenantId("acme"), "alice");
    private static final AuthenticatedPrincipal GLOBEX = new AuthenticatedPrincipal(new TenantId("globex"), "bob");
    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:byok/acme/team-AbCdEf";
    private static final String KEY = "sk-ant-api03-aaaaaaaaaaaaaaaa-1111";
    private static final String OTHER_KEY = "sk-ant-api03-bbbbbbbbbbbbbbbb-2222";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final InMemoryKeyRepository repository = new InMemoryKeyRepository(audit);
    private final InMemoryEnvelopeCipher cipher = new InMemoryEnvelopeCipher();
    private final Map<String, String> secrets = new HashMap<>();
    private final Map<String, List<InetAddress>> dns = new HashMap<>();
    private final List<String> checkedValues = new ArrayList<>();
    private KeyStatus providerSays = KeyStatus.VALID;

    private final KeyVaultConfiguration configuration = new KeyVaultConfiguration("arn:kms", "arn:fingerprint", 10,
            Duration.ofMinutes(5), Duration.ofMinutes(1),
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:byok/*", Duration.ofSeconds(5));
    private final DecryptedKeyCache cache = new DecryptedKeyCache(configuration);
    private final ReferencedSecrets referencedSecrets = arn -> {
        String value = secrets.get(arn);
        if (value == null) {
            throw new ReferencedSecretUnreadableException(SecretArnPolicy.NO_SUCH_SECRET, null);
        }
        return new ReferencedSecret(arn.substring(arn.indexOf(":secret:") + ":secret:".length()), value);
    };
    private final BaseUrlPolicy baseUrls = new BaseUrlPolicy(new ProviderEndpointAllowList(List.of()), host -> {
        List<InetAddress> addresses = dns.get(host);
        if (addresses == null && host.matches("[0-9a-fA-F.:]+")) {
            return List.of(InetAddress.getByName(host)); // an address literal: no lookup
        }
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses;
    });
    private final KeyResolver resolver = new KeyResolver(cipher, cache, referencedSecrets, baseUrls, configuration);
    private final KeyService service = new KeyService(repository,
            new KeySealer(cipher, new KeyFingerprinter(() -> new byte[32]), referencedSecrets,
                    new SecretArnPolicy(configuration)), resolver,
            (provider, baseUrl, credential) -> {
                checkedValues.add(credential.reveal());
                return providerSays;
            }, baseUrls, new SecretArnPolicy(configuration), clock);

    private static RegisterKeyRequest byValue(String label, String apiKey) {
        return new RegisterKeyRequest("anthropic", label, apiKey, null, null);
    }

    private String decryptStored(String keyId) {
        ProviderKey key = repository.find(ACME.tenant(), keyId).orElseThrow();
        KeyMaterial.Envelope envelope = assertInstanceOf(KeyMaterial.Envelope.class, key.material());
        return new String(cipher.decrypt(envelope.secret(), new EncryptionContext("acme", keyId,
                key.provider().wireName())), StandardCharsets.US_ASCII);
    }

    @Test
    void a_key_registered_by_value_is_stored_encrypted_under_its_context_with_an_audit_event() {
        KeyView view = service.register(ACME, byValue(" support team ", KEY));

        assertEquals("support team", view.label());
        assertEquals("1111", view.last4());
        assertEquals(1, view.version());
        assertEquals("UNVERIFIED", view.status());
        assertEquals("kms-envelope", view.source());
        assertEquals(KEY, decryptStored(view.keyId()));
        assertThrows(ServiceException.class, () -> cipher.decrypt(((KeyMaterial.Envelope) repository
                .find(ACME.tenant(), view.keyId()).orElseThrow().material()).secret(),
                new EncryptionContext("globex", view.keyId(), "anthropic")), "bound to the tenant");
        List<AuditEvent> events = audit.events(ACME.tenant());
        assertEquals(1, events.size());
        assertEquals(AuditAction.KEY_CREATED, events.get(0).action());
        assertEquals("alice", events.get(0).subject());
        assertEquals(view.keyId(), events.get(0).keyId());
        assertEquals(AuditEvent.SUCCEEDED, events.get(0).outcome());
        assertTrue(checkedValues.isEmpty(), "no provider call unless asked");
    }

    static Stream<Arguments> bad_registrations() {
        String compatible = "openai-compatible";
        return Stream.of(
                Arguments.of(new RegisterKeyRequest("acme-ai", "x", KEY, null, null), null, "provider must be one of"),
                Arguments.of(new RegisterKeyRequest(null, "x", KEY, null, null), null, "provider must be one of"),
                Arguments.of(byValue("x", ""), null, "apiKey is required"),
                Arguments.of(byValue("x", null), null, "apiKey (or secretArn) is required"),
                Arguments.of(byValue("x", "sk-" + "a".repeat(4094)), null, "apiKey must be at most 4096 characters"),
                Arguments.of(byValue("x", "sk-sh"), null, "apiKey must be at least 8"),
                Arguments.of(byValue("x", "sk-ant with space"), null, "visible ASCII"),
                Arguments.of(byValue("x", "sk-ant-\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"), null, "visible ASCII"),
                Arguments.of(byValue("", KEY), null, "label is required"),
                Arguments.of(byValue("l".repeat(101), KEY), null, "label must be at most 100 characters"),
                Arguments.of(byValue("tab\there", KEY), null, "label must not contain control characters"),
                Arguments.of(new RegisterKeyRequest("anthropic", "x", KEY, SECRET_ARN, null), null, "not both"),
                Arguments.of(new RegisterKeyRequest("anthropic", "x", null, "arn:aws:s3:::bucket", null), null,
                        "secretArn must be a Secrets Manager secret ARN"),
                Arguments.of(new RegisterKeyRequest("anthropic", "x", null,
                        "arn:aws:secretsmanager:us-east-1:123456789012:secret:other/team-AbCdEf", null), null,
                        "secretArn must match this deployment's allowed secrets"),
                Arguments.of(new RegisterKeyRequest(compatible, "x", KEY, null, null), null,
                        "baseUrl is required for openai-compatible"),
                Arguments.of(new RegisterKeyRequest(compatible, "x", KEY, null, "not a url"), null,
                        "baseUrl must be an absolute http(s) URL"),
                Arguments.of(new RegisterKeyRequest(compatible, "x", KEY, null, "https://[::1"), null,
                        "baseUrl must be an absolute http(s) URL"),
                Arguments.of(new RegisterKeyRequest(compatible, "x", KEY, null, "http://models.example.com/v1"),
                        null, "baseUrl must use https"),
                Arguments.of(new RegisterKeyRequest(compatible, "x", KEY, null, "https://169.254.169.254/v1"), null,
                        "must not point at a private"),
                Arguments.of(new RegisterKeyRequest("openai", "x", KEY, null, "https://api.example.com/v1"), null,
                        "baseUrl is only accepted for openai-compatible"),
                Arguments.of(byValue("x", KEY), "maybe", "verify must be true or false"));
    }

    @ParameterizedTest
    @MethodSource("bad_registrations")
    void a_bad_registration_is_a_400_naming_the_rule_and_nothing_is_sealed_or_written(RegisterKeyRequest request,
                                                                                        String verify, String rule) {
        InvalidRequestException problem = assertThrows(InvalidRequestException.class,
                () -> service.register(ACME, request, verify));
        assertTrue(problem.errors().stream().anyMatch(error -> error.contains(rule)), problem.errors().toString());
        if (request.apiKey() != null && !request.apiKey().isEmpty()) {
            assertFalse(problem.getMessage().contains(request.apiKey()), "the key is never echoed");
            assertFalse(problem.errors().toString().contains(request.apiKey()), "the key is never echoed");
        }
        assertEquals(0, cipher.encryptions(), "nothing encrypted");
        assertEquals(0, repository.size(), "nothing written");
        assertEquals(0, audit.size(), "nothing audited");
        assertTrue(checkedValues.isEmpty(), "no provider call");
    }

    @Test
    void a_key_of_exactly_4096_characters_is_accepted() {
        assertEquals(1, service.register(ACME, byValue("big", "k".repeat(4096))).version());
    }

    @Test
    void a_short_key_shows_no_last_characters() {
        assertNull(service.register(ACME, byValue("short", "abcd1234")).last4());
    }

    @Test
    void a_label_the_tenant_already_uses_is_a_409_before_anything_is_encrypted() {
        service.register(ACME, byValue("Support Team", KEY));
        int encryptions = cipher.encryptions();
        ServiceException conflict = assertThrows(DuplicateKeyLabelException.class,
                () -> service.register(ACME, byValue("  support team ", OTHER_KEY)));
        assertEquals(ErrorCode.CONFLICT, conflict.errorCode());
        assertEquals(encryptions, cipher.encryptions());
        assertEquals(1, repository.size());
        assertEquals(1, service.register(GLOBEX, byValue("Support Team", OTHER_KEY)).version(),
                "labels are per tenant");
    }

    @Test
    void a_label_taken_between_the_check_and_the_write_is_still_refused_and_nothing_is_written() {
        repository.beforeNextWrite(() -> service.register(ACME, byValue("team", OTHER_KEY)));
        assertThrows(DuplicateKeyLabelException.class, () -> service.register(ACME, byValue("team", KEY)));
        assertEquals(1, repository.size());
        assertEquals(1, audit.size());
    }

    @Test
    void registration_with_verify_records_the_providers_answer_and_both_audit_events() {
        providerSays = KeyStatus.INVALID;
        KeyView view = service.register(ACME, byValue("team", KEY), "true");
        assertEquals("INVALID", view.status());
        assertEquals(clock.instant(), view.verifiedAt());
        assertEquals(List.of(KEY), checkedValues);
        assertEquals(List.of(AuditAction.KEY_CREATED, AuditAction.KEY_VERIFIED),
                audit.events(ACME.tenant()).stream().map(AuditEvent::action).toList());
        assertEquals("INVALID", audit.events(ACME.tenant()).get(1).outcome());
    }

    @Test
    void a_key_registered_by_reference_keeps_only_the_arn_and_fingerprints_like_the_same_value() {
        secrets.put(SECRET_ARN, KEY);
        KeyView byReference = service.register(ACME, new RegisterKeyRequest("anthropic", "ref", null, SECRET_ARN,
                null));
        KeyView byValue = service.register(ACME, byValue("val", KEY));

        assertEquals("secretsmanager", byReference.source());
        assertEquals(SECRET_ARN, byReference.secretArn());
        assertEquals("1111", byReference.last4());
        assertEquals(byValue.fingerprint(), byReference.fingerprint(), "the same key is detectable");
        ProviderKey stored = repository.find(ACME.tenant(), byReference.keyId()).orElseThrow();
        assertEquals(new KeyMaterial.SecretReference(SECRET_ARN), stored.material());
        assertEquals(1, cipher.encryptions(), "only the by-value key was encrypted");
    }

    @Test
    void a_referenced_secret_that_is_missing_or_holds_no_valid_key_is_a_400_and_nothing_is_written() {
        RegisterKeyRequest request = new RegisterKeyRequest("anthropic", "ref", null, SECRET_ARN, null);
        assertEquals(ErrorCode.INVALID_REQUEST,
                assertThrows(ReferencedSecretUnreadableException.class, () -> service.register(ACME, request))
                        .errorCode());
        secrets.put(SECRET_ARN, "{\"apiKey\": \"" + KEY + "\"}");
        ServiceException notAKey = assertThrows(ReferencedSecretUnreadableException.class,
                () -> service.register(ACME, request));
        assertFalse(notAKey.getMessage().contains(KEY));
        assertEquals(0, repository.size());
        assertEquals(0, audit.size());
    }

    @Test
    void an_encryption_failure_fails_closed_and_writes_nothing() {
        cipher.failWith(new SecretEncryptionException(new IllegalStateException("KMS down")));
        assertThrows(SecretEncryptionException.class, () -> service.register(ACME, byValue("team", KEY)));
        assertEquals(0, repository.size());
        assertEquals(0, audit.size());
    }

    @Test
    void rotation_re_encrypts_bumps_the_version_and_resets_the_status() {
        KeyView registered = service.register(ACME, byValue("team", KEY), "true");
        assertEquals("VALID", registered.status());
        ProviderKey before = repository.find(ACME.tenant(), registered.keyId()).orElseThrow();
        clock.advance(Duration.ofMinutes(3));

        KeyView rotated = service.rotate(ACME, registered.keyId(), new RotateKeyRequest(OTHER_KEY, null));

        assertEquals(2, rotated.version());
        assertEquals("UNVERIFIED", rotated.status());
        assertNull(rotated.verifiedAt());
        assertEquals(clock.instant(), rotated.rotatedAt());
        assertEquals(registered.createdAt(), rotated.createdAt());
        assertEquals("2222", rotated.last4());
        assertNotEquals(registered.fingerprint(), rotated.fingerprint());
        assertEquals(OTHER_KEY, decryptStored(registered.keyId()));
        KeyMaterial.Envelope old = (KeyMaterial.Envelope) before.material();
        KeyMaterial.Envelope now = (KeyMaterial.Envelope) repository.find(ACME.tenant(), registered.keyId())
                .orElseThrow().material();
        assertFalse(java.util.Arrays.equals(old.secret().wrappedDataKey(), now.secret().wrappedDataKey()),
                "a fresh data key");
        assertFalse(java.util.Arrays.equals(old.secret().iv(), now.secret().iv()), "a fresh IV");
        AuditEvent last = audit.events(ACME.tenant()).get(audit.events(ACME.tenant()).size() - 1);
        assertEquals(AuditAction.KEY_ROTATED, last.action());
        assertEquals(2, last.keyVersion());
    }

    @Test
    void rotation_makes_the_resolver_hand_out_the_new_value_even_with_a_warm_cache() {
        String keyId = service.register(ACME, byValue("team", KEY)).keyId();
        assertEquals(KEY, resolver.credentialFor(ACME.tenant(), repository.find(ACME.tenant(), keyId).orElseThrow())
                .reveal());
        // Another execution environment's cache: it keeps the old entry, but runs read the key item first.
        DecryptedKeyCache otherCache = new DecryptedKeyCache(configuration);
        KeyResolver otherEnvironment = new KeyResolver(cipher, otherCache, referencedSecrets, baseUrls, configuration);
        otherEnvironment.credentialFor(ACME.tenant(), repository.find(ACME.tenant(), keyId).orElseThrow());

        service.rotate(ACME, keyId, new RotateKeyRequest(OTHER_KEY, null));

        ProviderKey current = repository.find(ACME.tenant(), keyId).orElseThrow();
        assertEquals(OTHER_KEY, otherEnvironment.credentialFor(ACME.tenant(), current).reveal());
        assertEquals(OTHER_KEY, resolver.credentialFor(ACME.tenant(), current).reveal());
    }

    @Test
    void a_rotation_based_on_a_stale_read_is_a_409_and_the_concurrent_rotation_wins() {
        String keyId = service.register(ACME, byValue("team", KEY)).keyId();
        String concurrent = "sk-ant-api03-cccccccccccccccc-3333";
        repository.beforeNextWrite(() -> service.rotate(ACME, keyId, new RotateKeyRequest(concurrent, null)));

        assertThrows(KeyChangedConcurrentlyException.class,
                () -> service.rotate(ACME, keyId, new RotateKeyRequest(OTHER_KEY, null)));

        assertEquals(2, repository.find(ACME.tenant(), keyId).orElseThrow().version());
        assertEquals(concurrent, decryptStored(keyId));
        assertEquals(2, audit.events(ACME.tenant()).size(), "created + the one rotation that happened");
    }

    @Test
    void a_key_keeps_its_kind_when_rotated() {
        String byValueId = service.register(ACME, byValue("team", KEY)).keyId();
        InvalidRequestException toReference = assertThrows(InvalidRequestException.class,
                () -> service.rotate(ACME, byValueId, new RotateKeyRequest(null, SECRET_ARN)));
        assertTrue(toReference.errors().toString().contains("registered by value"));

        secrets.put(SECRET_ARN, KEY);
        String byReferenceId = service.register(ACME, new RegisterKeyRequest("anthropic", "ref", null, SECRET_ARN,
                null)).keyId();
        assertThrows(InvalidRequestException.class,
                () -> service.rotate(ACME, byReferenceId, new RotateKeyRequest(OTHER_KEY, null)));
        secrets.put(SECRET_ARN, OTHER_KEY); // rotated in Secrets Manager by the team
        KeyView rotated = service.rotate(ACME, byReferenceId, new RotateKeyRequest(null, SECRET_ARN));
        assertEquals(2, rotated.version());
        assertEquals("2222", rotated.last4());
    }

    @Test
    void verification_records_the_status_and_time_and_a_rejected_key_leaves_the_cache() {
        String keyId = service.register(ACME, byValue("team", KEY)).keyId();
        resolver.credentialFor(ACME.tenant(), repository.find(ACME.tenant(), keyId).orElseThrow());
        assertEquals(1, cache.size());
        clock.advance(Duration.ofSeconds(30));
        providerSays = KeyStatus.INVALID;

        KeyView verified = service.verify(ACME, keyId);

        assertEquals("INVALID", verified.status());
        assertEquals(clock.instant(), verified.verifiedAt());
        assertEquals(1, verified.version(), "verification does not change the version");
        assertEquals(KeyStatus.INVALID, repository.find(ACME.tenant(), keyId).orElseThrow().status());
        assertEquals(0, cache.size());
        assertEquals(List.of(KEY), checkedValues);
        AuditEvent last = audit.events(ACME.tenant()).get(1);
        assertEquals(AuditAction.KEY_VERIFIED, last.action());
        assertEquals("INVALID", last.outcome());
    }

    @Test
    void a_verification_overtaken_by_a_rotation_is_a_409_and_records_nothing() {
        String keyId = service.register(ACME, byValue("team", KEY)).keyId();
        repository.beforeNextWrite(() -> service.rotate(ACME, keyId, new RotateKeyRequest(OTHER_KEY, null)));
        assertThrows(KeyChangedConcurrentlyException.class, () -> service.verify(ACME, keyId));
        ProviderKey stored = repository.find(ACME.tenant(), keyId).orElseThrow();
        assertEquals(KeyStatus.UNVERIFIED, stored.status(), "the old value's result is not pinned on the new one");
        assertNull(stored.verifiedAt());
    }

    @Test
    void deletion_removes_the_key_frees_its_label_and_drops_the_cache() {
        String keyId = service.register(ACME, byValue("team", KEY)).keyId();
        resolver.credentialFor(ACME.tenant(), repository.find(ACME.tenant(), keyId).orElseThrow());

        service.delete(ACME, keyId);

        assertTrue(repository.find(ACME.tenant(), keyId).isEmpty());
        assertEquals(0, cache.size());
        assertEquals(AuditAction.KEY_DELETED, audit.events(ACME.tenant()).get(1).action());
        assertThrows(KeyNotFoundException.class, () -> service.delete(ACME, keyId));
        assertEquals(1, service.register(ACME, byValue("team", OTHER_KEY)).version(), "the label is free again");
    }

    @Test
    void another_tenants_key_is_a_404_exactly_like_a_key_that_does_not_exist() {
        String keyId = service.register(ACME, byValue("team", KEY)).keyId();
        String missing = "key_" + "0".repeat(20);
        for (String id : List.of(keyId, missing)) {
            ServiceException get = assertThrows(KeyNotFoundException.class, () -> service.get(GLOBEX, id));
            assertEquals("No key " + id + " exists for this tenant.", get.getMessage());
            assertThrows(KeyNotFoundException.class,
                    () -> service.rotate(GLOBEX, id, new RotateKeyRequest(OTHER_KEY, null)));
            assertThrows(KeyNotFoundException.class, () -> service.verify(GLOBEX, id));
            assertThrows(KeyNotFoundException.class, () -> service.delete(GLOBEX, id));
        }
        assertTrue(service.list(GLOBEX).isEmpty());
        ProviderKey untouched = repository.find(ACME.tenant(), keyId).orElseThrow();
        assertEquals(1, untouched.version());
        assertEquals(KEY, decryptStored(keyId));
        assertTrue(checkedValues.isEmpty());
        assertEquals(1, audit.size());
    }

    @Test
    void an_openai_compatible_key_is_only_released_while_its_host_resolves_to_public_addresses() throws Exception {
        dns.put("models.example.com", List.of(InetAddress.getByName("203.0.114.7")));
        String keyId = service.register(ACME, new RegisterKeyRequest("openai-compatible", "vllm", KEY, null,
                "https://models.example.com/v1")).keyId();
        ProviderKey key = repository.find(ACME.tenant(), keyId).orElseThrow();
        assertEquals(KEY, resolver.credentialFor(ACME.tenant(), key).reveal());

        dns.put("models.example.com", List.of(InetAddress.getByName("169.254.169.254"))); // re-pointed later
        KeyEndpointRefusedException refused = assertThrows(KeyEndpointRefusedException.class,
                () -> resolver.credentialFor(ACME.tenant(), key));
        assertEquals(ErrorCode.CONFLICT, refused.errorCode());
        assertEquals(keyId, refused.extensions().get("keyId"));
    }

    @Test
    void a_credential_never_shows_its_value() {
        assertFalse(new ProviderCredential(KEY).toString().contains(KEY));
        assertFalse(new RegisterKeyRequest("anthropic", "x", KEY, null, null).toString().contains(KEY));
        assertFalse(new RotateKeyRequest(KEY, null).toString().contains(KEY));
        assertFalse(new KeySealer.Sealed(null, "1111", "f", new ProviderCredential(KEY)).toString().contains(KEY));
    }

    @Test
    void envelope_bytes_are_never_equal_for_two_encryptions_of_one_value() {
        String first = service.register(ACME, byValue("one", KEY)).keyId();
        String second = service.register(ACME, byValue("two", KEY)).keyId();
        KeyMaterial.Envelope a = (KeyMaterial.Envelope) repository.find(ACME.tenant(), first).orElseThrow()
                .material();
        KeyMaterial.Envelope b = (KeyMaterial.Envelope) repository.find(ACME.tenant(), second).orElseThrow()
                .material();
        assertFalse(java.util.Arrays.equals(a.secret().ciphertext(), b.secret().ciphertext()));
        assertArrayEquals(KEY.getBytes(StandardCharsets.US_ASCII), decryptStored(second).getBytes(
                StandardCharsets.US_ASCII));
    }
}
