package dev.byok.local;

import dev.byok.testing.lambda.LambdaEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the README's walkthrough, as written, with bash against the local server (started here on a free port: the
 * walkthrough's {@code API=} line is the only thing replaced). If the README and the product drift apart, this fails.
 * Only the section's first bash block is the walkthrough; later blocks (looking inside the local table, which needs
 * the emulator's port and the AWS CLI) are not run here.
 */
class ReadmeWalkthroughTest {
    private static LocalDevServer server;

    @BeforeAll
    static void startLocalServer() {
        server = LocalDevServer.start(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String walkthrough() throws Exception {
        String readme = Files.readString(LambdaEvents.repositoryRoot().resolve("README.md"));
        int section = readme.indexOf("\n## Walkthrough");
        assertTrue(section > 0, "README has a Walkthrough section");
        int start = readme.indexOf("```bash\n", section) + "```bash\n".length();
        int end = readme.indexOf("\n```", start);
        return readme.substring(start, end);
    }

    @Test
    void the_readme_walkthrough_runs_verbatim_against_the_local_server() throws Exception {
        String script = walkthrough();
        assertTrue(script.startsWith("API=http://127.0.0.1:3000\n"), "the walkthrough starts by naming the API");
        script = "set -euo pipefail\nAPI=" + server.apiUrl() + "\n" + script.substring(script.indexOf('\n') + 1);
        Path file = Files.createTempFile("walkthrough", ".sh");
        Files.writeString(file, script);
        // Twice: a newcomer runs it again against the same server, and it must still work.
        String output = "";
        for (int run = 1; run <= 2; run++) {
            Process bash = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true).start();
            output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(bash.waitFor(60, TimeUnit.SECONDS), "the walkthrough finishes");
            assertEquals(0, bash.exitValue(), "run " + run + ":\n" + output);
        }
        assertTrue(output.contains("\"fingerprint\": \"hmac-sha256:"), output);
        assertTrue(output.contains("\"status\": \"succeeded\""), output);
        assertTrue(output.contains("\"costUsd\": \"0."), output);
        assertTrue(output.contains("\"groupBy\": ["), output);
        assertTrue(output.contains("\"workflowRunId\": \"wfr_"), output);
        assertTrue(output.contains("\"stepName\": \"reply\",\n      \"provider\": \"openai\""), output);
        assertTrue(output.contains("\"workflowId\": \"wfl_"), output);
        assertTrue(output.contains("\"code\": \"key_not_found\""), output);
        assertTrue(output.contains("\"code\": \"invalid_input\""), output);
        assertTrue(!output.contains("sk-ant-demo-key-0000-1234"), "the key never comes back");
        Files.delete(file);
    }
}
