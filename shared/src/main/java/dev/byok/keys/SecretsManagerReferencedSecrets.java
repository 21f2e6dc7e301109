package dev.byok.keys;

import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * {@link ReferencedSecrets} on AWS Secrets Manager ({@code GetSecretValue} of the current version). Answers that
 * mean "this deployment cannot use that secret" (missing, deleted, access denied, its KMS key refuses) are told apart
 * from Secrets Manager being unavailable; neither carries the service's message along.
 */
@Singleton
public class SecretsManagerReferencedSecrets implements ReferencedSecrets {
    private final SecretsManagerClient secretsManager;

    public SecretsManagerReferencedSecrets(SecretsManagerClient secretsManager) {
        this.secretsManager = secretsManager;
    }

    @Override
    public ReferencedSecret read(String secretArn) {
        GetSecretValueResponse response;
        try {
            response = secretsManager.getSecretValue(request -> request.secretId(secretArn));
        } catch (ResourceNotFoundException | InvalidRequestException | InvalidParameterException e) {
            throw new ReferencedSecretUnreadableException(SecretArnPolicy.NO_SUCH_SECRET, e);
        } catch (DecryptionFailureException e) {
            throw new ReferencedSecretUnreadableException("names a secret whose KMS key this deployment may not use",
                    e);
        } catch (SecretsManagerException e) {
            if (isAccessDenied(e)) {
                throw new ReferencedSecretUnreadableException(SecretArnPolicy.NO_SUCH_SECRET, e);
            }
            throw new SecretStoreUnavailableException(e);
        } catch (SdkException e) {
            throw new SecretStoreUnavailableException(e);
        }
        if (response.secretString() == null) {
            throw new ReferencedSecretUnreadableException("names a secret without a string value", null);
        }
        return new ReferencedSecret(response.name(), response.secretString().strip());
    }

    private static boolean isAccessDenied(SecretsManagerException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return e.statusCode() == 403 || "AccessDeniedException".equals(code);
    }
}
