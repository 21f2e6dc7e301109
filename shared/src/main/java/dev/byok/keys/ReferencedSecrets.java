package dev.byok.keys;

/** Port: the API keys teams keep in their own secrets and register by reference (only the ARN is stored). */
public interface ReferencedSecrets {
    /**
     * The secret's name and current string value. {@link ReferencedSecretUnreadableException} when there is no such
     * secret this deployment may read; {@link SecretStoreUnavailableException} when the secret store cannot be
     * reached.
     */
    ReferencedSecret read(String secretArn);
}
