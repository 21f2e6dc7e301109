package dev.byok.keys;

import dev.byok.crypto.KeyVaultConfiguration;
import dev.byok.tenancy.TenantId;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which secrets a key may be registered by reference to: a Secrets Manager secret ARN, and, when the operator set
 * {@code byok.keys.referenced-secret-arn-pattern} (template.yaml passes the same value its IAM policy allows), one
 * matching that ARN or prefix ({@code ...:secret:byok/*}). Refusing here gives the caller a clear 400 instead of an
 * access-denied from Secrets Manager.
 *
 * <p>Every tenant reads secrets with the same IAM role, so IAM cannot keep one tenant from naming another tenant's
 * secret. The tenant namespace does: a tenant may only reference a secret whose name starts with
 * {@code <prefix><tenant>/} ({@code byok.keys.referenced-secret-name-prefix}, default {@code byok/}), checked on the
 * ARN before anything is read and again on the name Secrets Manager returns (a partial ARN resolves to a full name).
 * Every refusal reads the same as a missing secret, so a tenant cannot probe which secrets exist.
 */
@Singleton
public class SecretArnPolicy {
    static final int MAX_LENGTH = 2048;
    /** The one answer for a secret that is missing, unreadable or outside the tenant's namespace. */
    public static final String NO_SUCH_SECRET = "names no secret of this tenant that this deployment can read";
    public static final String DEFAULT_NAME_PREFIX = "byok/";
    private static final Pattern SECRET_ARN = Pattern.compile(
            "arn:aws[a-z-]{0,16}:secretsmanager:[a-z]{2}(-[a-z]+)+-\\d:\\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}");

    private final String pattern;
    private final String namePrefix;

    public SecretArnPolicy(KeyVaultConfiguration configuration) {
        this(configuration, DEFAULT_NAME_PREFIX);
    }

    @Inject
    public SecretArnPolicy(KeyVaultConfiguration configuration,
                           @Value("${byok.keys.referenced-secret-name-prefix:byok/}") String namePrefix) {
        String configured = configuration.referencedSecretArnPattern();
        this.pattern = configured == null || configured.isBlank() ? null : configured.strip();
        this.namePrefix = namePrefix == null ? DEFAULT_NAME_PREFIX : namePrefix;
    }

    /** Empty when {@code tenant} may reference the secret, else the reason (it restates the rule, not the value). */
    public Optional<String> check(String secretArn, TenantId tenant) {
        if (secretArn.length() > MAX_LENGTH || !SECRET_ARN.matcher(secretArn).matches()) {
            return Optional.of("secretArn must be a Secrets Manager secret ARN "
                    + "(arn:aws:secretsmanager:<region>:<account>:secret:<name>)");
        }
        if (pattern != null && !matchesPattern(secretArn)) {
            return Optional.of("secretArn must match this deployment's allowed secrets: " + pattern);
        }
        String name = secretArn.substring(secretArn.indexOf(":secret:") + ":secret:".length());
        if (!belongsTo(name, tenant)) {
            return Optional.of("secretArn must name a secret under " + namespaceOf(tenant)
                    + " (each tenant may only reference its own secrets)");
        }
        return Optional.empty();
    }

    /** Whether a secret name (as Secrets Manager reports it) lies in the tenant's namespace. */
    public boolean belongsTo(String secretName, TenantId tenant) {
        return secretName != null && secretName.startsWith(namespaceOf(tenant))
                && secretName.length() > namespaceOf(tenant).length();
    }

    /** {@code <prefix><tenant>/}, e.g. {@code byok/acme/}. */
    public String namespaceOf(TenantId tenant) {
        return namePrefix + tenant.value() + "/";
    }

    private boolean matchesPattern(String secretArn) {
        return pattern.endsWith("*") ? secretArn.startsWith(pattern.substring(0, pattern.length() - 1))
                : secretArn.equals(pattern);
    }
}
