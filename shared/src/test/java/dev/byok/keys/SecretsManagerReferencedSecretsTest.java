package dev.byok.keys;

import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.WithLocalAws;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.ServerSocket;
import java.net.URI;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reading referenced secrets from moto's Secrets Manager, and telling "cannot use" from "unavailable". */
@WithLocalAws
class SecretsManagerReferencedSecretsTest {

    private static String create(LocalAws aws, String value) {
        return aws.secretsManager().createSecret(request -> request.name("byok/ref-" + UUID.randomUUID())
                .secretString(value)).arn();
    }

    @Test
    void the_current_string_value_is_read_without_surrounding_whitespace(LocalAws aws) {
        String value = "sk-ref-" + UUID.randomUUID();
        assertEquals(value, new SecretsManagerReferencedSecrets(aws.secretsManager()).read(create(aws, value + "\n"))
                .value());
    }

    @Test
    void a_missing_or_binary_only_secret_cannot_be_used_and_the_answer_is_a_400(LocalAws aws) {
        SecretsManagerReferencedSecrets secrets = new SecretsManagerReferencedSecrets(aws.secretsManager());
        ReferencedSecretUnreadableException missing = assertThrows(ReferencedSecretUnreadableException.class,
                () -> secrets.read("arn:aws:secretsmanager:us-east-1:123456789012:secret:byok/none-AbCdEf"));
        assertEquals(400, missing.errorCode().status());
        String binary = aws.secretsManager().createSecret(request -> request.name("byok/bin-" + UUID.randomUUID())
                .secretBinary(SdkBytes.fromUtf8String("sk-binary-value"))).arn();
        ReferencedSecretUnreadableException noString = assertThrows(ReferencedSecretUnreadableException.class,
                () -> secrets.read(binary));
        assertFalse(noString.getMessage().contains("sk-binary-value"));
    }

    @Test
    void a_deleted_secret_cannot_be_used(LocalAws aws) {
        String arn = create(aws, "sk-will-be-deleted-" + UUID.randomUUID());
        aws.secretsManager().deleteSecret(request -> request.secretId(arn).recoveryWindowInDays(7L));
        assertThrows(ReferencedSecretUnreadableException.class,
                () -> new SecretsManagerReferencedSecrets(aws.secretsManager()).read(arn));
    }

    @Test
    void secrets_manager_being_unreachable_is_a_503(LocalAws aws) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (SecretsManagerClient unreachable = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort)).build()) {
            SecretStoreUnavailableException failure = assertThrows(SecretStoreUnavailableException.class,
                    () -> new SecretsManagerReferencedSecrets(unreachable).read(create(aws, "sk-x-12345678")));
            assertEquals(503, failure.errorCode().status());
        }
    }
}
