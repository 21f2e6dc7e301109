package dev.byok.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cfn-lint validates the template through the SAM transform (types, references, runtimes, events, authorizers). */
class TemplateLintTest {

    @Test
    void cfn_lint_finds_nothing_in_the_template() {
        List<String> command = ExternalTool.cfnLint();
        command.add("template.yaml");

        ExternalTool.Result result = ExternalTool.run(command, DeploymentFiles.repositoryRoot(), Duration.ofMinutes(3));

        assertEquals(0, result.exitCode(), () -> "cfn-lint template.yaml failed:\n" + result.output());
        assertEquals("", result.output(), "cfn-lint template.yaml printed findings");
    }
}
