package dev.byok.keys;

import dev.byok.crypto.KeyVaultConfiguration;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which secrets a key may be registered by reference to: a Secrets Manager secret ARN, and, when the operator set
 * {@code byok.keys.referenced-secret-arn-pattern} (template.yaml passes the same value its IAM policy allows), one
 * matching that ARN or prefix ({@code ...:secret:byok/*}). Refusing here gives the caller a clear 400 instead of an
 * access-denied from Secrets Manager.
 */
@Singleton
public class SecretArnPolicy {
    static final int MAX_LENGTH = 2048;
    private static final Pattern SECRET_ARN = Pattern.compile(
            "arn:aws[a-z-]{0,16}:secretsmanager:[a-z]{2}(-[a-z]+)+-\\d:\\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}");

    private final String pattern;

    public SecretArnPolicy(KeyVaultConfiguration configuration) {
        String configured = configuration.referencedSecretArnPattern();
        this.pattern = configured == null || configured.isBlank() ? null : configured.strip();
    }

    /** Empty when allowed, else the reason (safe to show: it restates the rule, not the value). */
    public Optional<String> check(String secretArn) {
        if (secretArn.length() > MAX_LENGTH || !SECRET_ARN.matcher(secretArn).matches()) {
            return Optional.of("secretArn must be a Secrets Manager secret ARN "
                    + "(arn:aws:secretsmanager:<region>:<account>:secret:<name>)");
        }
        if (pattern != null && !matchesPattern(secretArn)) {
            return Optional.of("secretArn must match this deployment's allowed secrets: " + pattern);
        }
        return Optional.empty();
    }

    private boolean matchesPattern(String secretArn) {
        return pattern.endsWith("*") ? secretArn.startsWith(pattern.substring(0, pattern.length() - 1))
                : secretArn.equals(pattern);
    }
}
