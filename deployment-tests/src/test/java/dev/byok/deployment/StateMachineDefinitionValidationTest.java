package dev.byok.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Amazon States Language of statemachines/*.asl.json, validated offline twice: by cfn-lint's rule E3601 (the
 * ASL schema: state types, required and unknown fields, value types), which it applies only inside an
 * {@code AWS::StepFunctions::StateMachine}, so each file is wrapped in one; and by asl-validator from npm (also
 * transitions to missing states, unreachable states, JSONPath syntax), installed under target/ on first use. Each
 * check is shown to fail on a broken copy first.
 */
class StateMachineDefinitionValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASL_VALIDATOR = "asl-validator@4.0.0";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    @SuppressWarnings("unused") // used by @FieldSource
    private static final List<String> DEFINITIONS = List.of("statemachines/workflow.asl.json",
            "statemachines/recipe-chain-example.asl.json");

    private static Path workDirectory() throws IOException {
        return Files.createDirectories(DeploymentFiles.repositoryRoot().resolve("deployment-tests/target/asl"));
    }

    private static JsonNode definition(String file) throws IOException {
        return JSON.readTree(Files.readString(DeploymentFiles.repositoryRoot().resolve(file)));
    }

    /** A plain CloudFormation template with the definition inline and its placeholders substituted as in AWS. */
    private static Path wrapped(String name, JsonNode definition) throws IOException {
        ObjectNode template = JSON.createObjectNode().put("AWSTemplateFormatVersion", "2010-09-09");
        ObjectNode resources = template.putObject("Resources");
        ObjectNode role = resources.putObject("Role").put("Type", "AWS::IAM::Role");
        ObjectNode statement = role.putObject("Properties").putObject("AssumeRolePolicyDocument")
                .put("Version", "2012-10-17").putArray("Statement").addObject().put("Effect", "Allow")
                .put("Action", "sts:AssumeRole");
        statement.putObject("Principal").put("Service", "states.amazonaws.com");
        ObjectNode properties = resources.putObject("Machine").put("Type", "AWS::StepFunctions::StateMachine")
                .putObject("Properties");
        properties.put("StateMachineType", "EXPRESS");
        properties.putObject("RoleArn").putArray("Fn::GetAtt").add("Role").add("Arn");
        properties.set("Definition", definition);
        ObjectNode substitutions = properties.putObject("DefinitionSubstitutions");
        Matcher matcher = PLACEHOLDER.matcher(definition.toString());
        while (matcher.find()) {
            substitutions.put(matcher.group(1), "arn:aws:lambda:us-east-1:123456789012:function:step:live");
        }
        Path file = workDirectory().resolve(name + ".template.json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(template));
        return file;
    }

    private static ExternalTool.Result cfnLint(Path template) {
        List<String> command = ExternalTool.cfnLint();
        command.add(template.toString());
        return ExternalTool.run(command, DeploymentFiles.repositoryRoot(), Duration.ofMinutes(3));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("DEFINITIONS")
    void cfn_lint_finds_nothing_in_the_definition_as_a_step_functions_state_machine(String file) throws IOException {
        ExternalTool.Result result = cfnLint(wrapped(Path.of(file).getFileName().toString(), definition(file)));

        assertEquals(0, result.exitCode(), () -> "cfn-lint rejected " + file + ":\n" + result.output());
        assertEquals("", result.output());
    }

    @Test
    void cfn_lint_rule_e3601_rejects_a_definition_with_an_unknown_state_type() throws IOException {
        ObjectNode broken = (ObjectNode) definition("statemachines/workflow.asl.json");
        ((ObjectNode) broken.get("States").get("MoreSteps")).put("Type", "Choise");

        ExternalTool.Result result = cfnLint(wrapped("broken-type", broken));

        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains("E3601"), result.output());
    }

    /** asl-validator, installed with npm under target/ (never globally) the first time. */
    private static Path aslValidator() throws IOException {
        Path prefix = workDirectory().resolve("npm");
        Path binary = prefix.resolve("node_modules/.bin/asl-validator");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        Assumptions.assumeTrue(onPath("npm") && onPath("node"), "npm and node are not installed: asl-validator "
                + "cannot run; the definitions are still validated by cfn-lint (E3601)");
        ExternalTool.Result install = ExternalTool.run(List.of("npm", "install", "--no-audit", "--no-fund",
                "--no-save", "--prefix", prefix.toString(), ASL_VALIDATOR), prefix.getParent(), Duration.ofMinutes(3));
        Assumptions.assumeTrue(install.exitCode() == 0 && Files.isExecutable(binary), () -> "npm could not install "
                + ASL_VALIDATOR + " (offline?); the definitions are still validated by cfn-lint (E3601):\n"
                + install.output());
        return binary;
    }

    private static boolean onPath(String tool) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }

    private static ExternalTool.Result aslValidate(Path definition) throws IOException {
        List<String> command = new ArrayList<>(List.of(aslValidator().toString(), "--json-path",
                definition.toString()));
        return ExternalTool.run(command, DeploymentFiles.repositoryRoot(), Duration.ofMinutes(1));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("DEFINITIONS")
    void asl_validator_accepts_the_definition(String file) throws IOException {
        ExternalTool.Result result = aslValidate(DeploymentFiles.repositoryRoot().resolve(file));

        assertEquals(0, result.exitCode(), () -> "asl-validator rejected " + file + ":\n" + result.output());
    }

    @Test
    void asl_validator_rejects_a_transition_to_a_missing_state() throws IOException {
        ObjectNode broken = (ObjectNode) definition("statemachines/workflow.asl.json");
        ((ObjectNode) broken.get("States").get("RunStep").get("Catch").get(0)).put("Next", "Nowhere");
        Path file = workDirectory().resolve("broken-transition.asl.json");
        Files.writeString(file, broken.toString());

        ExternalTool.Result result = aslValidate(file);

        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains("Nowhere"), result.output());
    }
}
