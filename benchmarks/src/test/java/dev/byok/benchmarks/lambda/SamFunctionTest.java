package dev.byok.benchmarks.lambda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamFunctionTest {
    private static final String TEMPLATE = """
            Parameters:
              TenantClaim:
                Type: String
                Default: 'custom:tenant'
            Globals:
              Function:
                Handler: example.Handler
                MemorySize: 512
                Environment:
                  Variables:
                    TABLE: !Ref Table
                    KEY: !GetAtt Key.Arn
                    CLAIM: !Ref TenantClaim
                    JAVA_TOOL_OPTIONS: -XX:TieredStopAtLevel=1
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
              First:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: first/target/first-lambda.jar
                  MemorySize: 1024
                  Timeout: 20
                  LoggingConfig:
                    LogFormat: JSON
                    ApplicationLogLevel: INFO
              Second:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: second.jar
                  Handler: other.Handler
                  Policies:
                    - Version: '2012-10-17'
                      Statement:
                        - Effect: Allow
                          Action: [dynamodb:GetItem, dynamodb:Query]
                          Resource: '*'
                        - Effect: Allow
                          Action: kms:Decrypt
                          Resource: '*'
                  Environment:
                    Variables:
                      EXTRA: !Ref Missing
            """;

    private static List<SamFunction> read(Path dir) throws Exception {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, TEMPLATE);
        return SamFunction.read(file);
    }

    @Test
    void functions_are_read_in_order_with_globals_applied(@TempDir Path dir) throws Exception {
        List<SamFunction> functions = read(dir);

        assertEquals(List.of("First", "Second"), functions.stream().map(SamFunction::logicalId).toList());
        SamFunction first = functions.get(0);
        assertEquals("first/target/first-lambda.jar", first.codeUri());
        assertEquals("example.Handler", first.handler());
        assertEquals(1024, first.memoryMb());
        assertEquals(20, first.timeoutSeconds());
        assertEquals("JSON", first.logFormat());
        assertEquals("INFO", first.logLevel());
        SamFunction second = functions.get(1);
        assertEquals("other.Handler", second.handler());
        assertEquals(512, second.memoryMb());
        assertEquals("Text", second.logFormat());
    }

    @Test
    void the_services_of_inline_policy_statements_are_read_and_other_policies_are_unknown(@TempDir Path dir)
            throws Exception {
        List<SamFunction> functions = read(dir);
        assertEquals(java.util.Optional.empty(), functions.get(0).iamServices(), "no inline statements");
        assertEquals(java.util.Optional.of(java.util.Set.of("dynamodb", "kms")), functions.get(1).iamServices());
    }

    @Test
    void references_resolve_to_local_values_and_parameters_to_their_defaults(@TempDir Path dir) throws Exception {
        Map<String, String> env = read(dir).get(0)
                .environment(Map.of("Table", "byok-local", "Key.Arn", "arn:aws:kms:local"));

        assertEquals("byok-local", env.get("TABLE"));
        assertEquals("arn:aws:kms:local", env.get("KEY"));
        assertEquals("custom:tenant", env.get("CLAIM"));
        assertEquals("-XX:TieredStopAtLevel=1", env.get("JAVA_TOOL_OPTIONS"));
    }

    @Test
    void a_reference_without_a_local_value_is_named_in_the_error(@TempDir Path dir) throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> read(dir).get(1)
                .environment(Map.of("Table", "t", "Key.Arn", "k")));
        assertTrue(e.getMessage().contains("EXTRA"), e.getMessage());
    }

    @Test
    void the_repository_template_names_an_artifact_and_the_tiered_compilation_flags_for_every_function() {
        Path template = Path.of("..", "template.yaml");
        List<SamFunction> functions = SamFunction.read(template);
        assertFalse(functions.isEmpty());
        for (SamFunction function : functions) {
            assertTrue(function.codeUri().endsWith("-lambda.jar"), function.codeUri());
            assertTrue(function.environment().get("JAVA_TOOL_OPTIONS").asText().contains("TieredStopAtLevel"),
                    function.logicalId());
        }
    }

    private static final String CONDITIONAL = """
            Parameters:
              Pattern:
                Type: String
                Default: ''
            Conditions:
              DefaultPattern: !Equals [!Ref Pattern, '']
              CustomPattern: !Not [!Condition DefaultPattern]
            Resources:
              Keys:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: keys.jar
                  Handler: example.Handler
                  Environment:
                    Variables:
                      SECRETS: !If
                        - DefaultPattern
                        - !Sub 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:byok/*'
                        - !Ref Pattern
                      CUSTOM: !If [CustomPattern, !Ref Pattern, 'none']
            """;

    private static SamFunction conditional(Path dir) throws Exception {
        Path file = dir.resolve("conditional.yaml");
        Files.writeString(file, CONDITIONAL);
        return SamFunction.read(file).get(0);
    }

    @Test
    void if_evaluates_the_templates_conditions_and_sub_fills_in_pseudo_parameters(@TempDir Path dir)
            throws Exception {
        Map<String, String> env = conditional(dir).environment(Map.of("AWS::Partition", "aws", "AWS::Region", "us-east-1", "AWS::AccountId", "123456789012"));

        assertEquals("arn:aws:secretsmanager:us-east-1:123456789012:secret:byok/*", env.get("SECRETS"));
        assertEquals("none", env.get("CUSTOM"));
    }

    @Test
    void a_sub_with_a_pseudo_parameter_that_has_no_local_value_is_named(@TempDir Path dir) throws Exception {
        SamFunction keys = conditional(dir);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> keys.environment(Map.of("AWS::Partition", "aws")));
        assertTrue(e.getMessage().contains("SECRETS"), e.getMessage());
    }
}
