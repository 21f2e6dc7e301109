package dev.byok.aws;

import dev.byok.keys.KeyService;
import dev.byok.keys.RegisterKeyRequest;
import dev.byok.recipes.ModelSelection;
import dev.byok.recipes.RecipeParameters;
import dev.byok.recipes.RecipeRequest;
import dev.byok.recipes.RecipeService;
import dev.byok.runs.RunRequest;
import dev.byok.runs.RunResult;
import dev.byok.runs.RunService;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.testing.providers.AnthropicFake;
import dev.byok.testing.providers.ProviderFakes;
import dev.byok.usage.UsageService;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real services wired to the in-memory fakes ({@link InMemoryAdapters}, also what the benchmarks use): a key,
 * a recipe, runs and a usage report go through without a single AWS call (moto is the SDK's endpoint here, and it
 * counts every call it gets), and the fakes see the run path's round trips: one batched read, one write.
 */
@WithLocalAws
class InMemoryAdaptersTest {
    private static final AuthenticatedPrincipal ACME = new AuthenticatedPrincipal(new TenantId("acme"), "alice");

    @Test
    void the_run_path_on_in_memory_adapters_makes_no_aws_call_and_one_read_and_one_write_per_warm_run(LocalAws aws) {
        InMemoryAdapters adapters = new InMemoryAdapters();
        AnthropicFake anthropic = ProviderFakes.anthropic();
        anthropic.reset();
        try (ApplicationContext context = ApplicationContext.builder().properties(TestApplication.properties())
                .beanDefinitions(adapters.beanDefinitions()).start()) {
            aws.moto().resetRequestCounts();
            String apiKey = "sk-ant-" + UUID.randomUUID();
            String keyId = context.getBean(KeyService.class).register(ACME,
                    new RegisterKeyRequest("anthropic", "in memory", apiKey, null, null)).keyId();
            String recipeId = context.getBean(RecipeService.class).create(ACME, new RecipeRequest("Reply", "support",
                    null, "Answer {{message}}", null, null, new ModelSelection("anthropic", "claude-haiku-4-5", keyId),
                    new RecipeParameters(100, null), null, null)).recipeId();
            RunService runs = context.getBean(RunService.class);
            RunRequest request = new RunRequest(Map.of("message", "hello"), null, null);

            String firstDay = LocalDate.now(ZoneOffset.UTC).toString();
            RunResult cold = runs.run(ACME, recipeId, request);
            int readsBefore = adapters.prerequisites.reads();
            int writesBefore = adapters.runs.writes();
            RunResult warm = runs.run(ACME, recipeId, request, "order-" + UUID.randomUUID());
            String lastDay = LocalDate.now(ZoneOffset.UTC).toString();

            assertEquals("succeeded", cold.status());
            assertEquals("succeeded", warm.status());
            assertEquals(1, adapters.prerequisites.reads() - readsBefore);
            assertEquals(1, adapters.runs.writes() - writesBefore);
            assertEquals(1, adapters.cipher.decryptions(), "the warm run used the decrypted-key cache");
            assertEquals(2, context.getBean(UsageService.class).report(ACME, firstDay, lastDay, "recipe")
                    .totals().runs());
            assertEquals(apiKey, anthropic.requests("POST", AnthropicFake.MESSAGES_PATH).get(1).header("x-api-key"));
            assertEquals(Map.of(), aws.moto().requestCounts(), "AWS calls");
        } finally {
            anthropic.reset();
        }
    }
}
