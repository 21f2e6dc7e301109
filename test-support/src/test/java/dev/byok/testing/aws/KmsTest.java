package dev.byok.testing.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@WithLocalAws
class KmsTest {

    @Test
    void decryptWithAnotherEncryptionContextFails(LocalAws aws) {
        KmsClient kms = aws.kms();
        Map<String, String> context = Map.of("tenant", "tenant-a", "purpose", "provider-key");
        GenerateDataKeyResponse dataKey = kms.generateDataKey(r -> r.keyId(aws.resources().kmsKeyArn())
                .keySpec(DataKeySpec.AES_256).encryptionContext(context));
        SdkBytes blob = dataKey.ciphertextBlob();

        SdkBytes plaintext = kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(context)).plaintext();
        assertEquals(dataKey.plaintext(), plaintext);

        assertThrows(InvalidCiphertextException.class, () -> kms.decrypt(r -> r.ciphertextBlob(blob)
                .encryptionContext(Map.of("tenant", "tenant-b", "purpose", "provider-key"))));
        assertThrows(InvalidCiphertextException.class, () -> kms.decrypt(r -> r.ciphertextBlob(blob)));
    }

    @Test
    void counterSeesKmsCallsOfAnyClient(LocalAws aws) {
        KmsRequestCounter counter = aws.kmsRequests();
        counter.reset();
        assertEquals(0, counter.total());

        // a client built independently, as the application would build its own
        try (KmsClient appClient = AwsClients.kms()) {
            appClient.generateDataKey(r -> r.keyId(aws.resources().kmsKeyAlias()).keySpec(DataKeySpec.AES_256)
                    .encryptionContext(Map.of("tenant", "t1")));
        }
        aws.dynamoDb().describeTable(r -> r.tableName(aws.resources().tableName()));

        assertEquals(1, counter.count("GenerateDataKey"));
        assertEquals(1, counter.total(), () -> "KMS calls: " + counter.byOperation());
        assertEquals(1L, aws.moto().requestCount("DynamoDB_20120810.DescribeTable"));
        counter.reset();
        assertEquals(0, counter.total());
    }
}
