package dev.byok.workflows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.audit.AuditAction;
import dev.byok.audit.AuditEvent;
import dev.byok.audit.InMemoryAuditLog;
import dev.byok.error.ServiceException;
import dev.byok.json.JacksonFactory;
import dev.byok.jsonschema.JsonSchemas;
import dev.byok.keys.InMemoryKeyRepository;
import dev.byok.keys.KeyMaterial;
import dev.byok.keys.KeyStatus;
import dev.byok.keys.ProviderKey;
import dev.byok.providers.ProviderKind;
import dev.byok.recipes.InMemoryRecipeRepository;
import dev.byok.recipes.ModelSelection;
import dev.byok.recipes.Recipe;
import dev.byok.recipes.RecipeParameters;
import dev.byok.recipes.RecipeService;
import dev.byok.runs.StepFailure;
import dev.byok.runs.UsageView;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Definitions, their validation and the checks before a run, on in-memory ports and a recording runner. */
class WorkflowServiceTest {
    private static final ObjectMapper JSON = JacksonFactory.create();
    private static final AuthenticatedPrincipal ACME = new AuthenticatedPrincipal(new TenantId("acme"), "alice");
    private static final AuthenticatedPrincipal GLOBEX = new AuthenticatedPrincipal(new TenantId("globex"), "bob");

    private final InMemoryWorkflowRepository workflows = new InMemoryWorkflowRepository();
    private final InMemoryRecipeRepository recipes = new InMemoryRecipeRepository();
    private final InMemoryKeyRepository keys = new InMemoryKeyRepository(new InMemoryAuditLog());
    private final RecordingRunner runner = new RecordingRunner();
    private final WorkflowService service = new WorkflowService(workflows, recipes,
            new RecipeService(recipes, keys, new JsonSchemas(JSON)), runner, JSON);

    /** Answers what a test set, and remembers the states it was given. */
    private static final class RecordingRunner implements WorkflowRunner {
        final List<WorkflowState> started = new ArrayList<>();
        WorkflowOutcome outcome = new WorkflowOutcome.Succeeded("done", List.of());

        @Override
        public WorkflowOutcome run(WorkflowState initial) {
            started.add(initial);
            return outcome;
        }
    }

    private String recipe(TenantId tenant, int maxOutputTokens) {
        String recipeId = dev.byok.ids.Ids.recipeId();
        recipes.create(tenant, new Recipe(recipeId, "r", "support", null, "Say {{text}}", null, null,
                new ModelSelection("anthropic", "claude-haiku-4-5", "key_aaaaaaaaaaaaaaaaaaaa"),
                new RecipeParameters(maxOutputTokens, null), null, null, 1, Instant.now(), Instant.now()));
        return recipeId;
    }

    private String key(TenantId tenant, ProviderKind provider) {
        String keyId = dev.byok.ids.Ids.keyId();
        keys.put(tenant, new ProviderKey(keyId, provider, "label " + keyId, "WXYZ", "hmac-sha256:0", KeyStatus.VALID,
                1, Instant.now(), null, null, null, new KeyMaterial.SecretReference("arn:unused")));
        return keyId;
    }

    private static WorkflowStep step(String name, String recipeId, Map<String, Object> mapping) {
        return new WorkflowStep(name, recipeId, null, null, mapping);
    }

    private static Map<String, Object> mapping(String key, Object value) {
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put(key, value);
        return mapping;
    }

    private Workflow chain() {
        return service.create(ACME, new WorkflowRequest("Extract, reason, format", List.of(
                step("extract", recipe(ACME.tenant(), 300), mapping("text", "{{input.ticket}}")),
                step("reason", recipe(ACME.tenant(), 300), mapping("text", "{{steps.extract.output.facts}}")),
                step("format", recipe(ACME.tenant(), 300), mapping("text", "{{steps.reason.output}}")))));
    }

    private static ServiceException invalid(Runnable action) {
        ServiceException failure = assertThrows(ServiceException.class, action::run);
        assertEquals(400, failure.errorCode().status(), failure.getMessage());
        return failure;
    }

    @Test
    void a_valid_workflow_is_stored_as_version_1_and_reads_back_for_its_tenant_only() {
        Workflow created = chain();

        assertTrue(created.workflowId().startsWith("wfl_"));
        assertEquals(1, created.version());
        assertEquals(created, service.get(ACME, created.workflowId()));
        assertEquals(List.of(created), service.list(ACME));
        ServiceException other = assertThrows(ServiceException.class, () -> service.get(GLOBEX, created.workflowId()));
        assertEquals("workflow_not_found", other.errorCode().code());
        assertEquals(List.of(), service.list(GLOBEX));
        assertThrows(ServiceException.class, () -> service.delete(GLOBEX, created.workflowId()));
        assertEquals(1, workflows.size());
    }

    @Test
    void an_update_bumps_the_version_and_a_delete_removes_the_workflow() {
        Workflow created = chain();
        WorkflowRequest renamed = new WorkflowRequest("Renamed", created.steps());

        Workflow updated = service.update(ACME, created.workflowId(), renamed);
        service.delete(ACME, created.workflowId());

        assertEquals(2, updated.version());
        assertEquals("Renamed", updated.name());
        assertEquals(created.createdAt(), updated.createdAt());
        assertEquals(0, workflows.size());
        assertEquals("workflow_not_found", assertThrows(ServiceException.class,
                () -> service.get(ACME, created.workflowId())).errorCode().code());
    }

    @Test
    void every_problem_of_a_definition_is_listed_in_one_400_and_nothing_is_stored() {
        String recipeId = recipe(ACME.tenant(), 300);
        String othersRecipe = recipe(GLOBEX.tenant(), 300);
        String openAiKey = key(ACME.tenant(), ProviderKind.OPENAI);
        List<WorkflowStep> steps = new ArrayList<>();
        steps.add(step("first", recipeId, mapping("a", "{{steps.third.output}}")));
        steps.add(step("first", "rcp_doesnotexist0000000", mapping("a", "{{steps.ghost.output.x}}")));
        steps.add(step("third", othersRecipe, mapping("a", "{{steps.third.output}}")));
        steps.add(step("4th step", recipeId, mapping("a", "{{not a reference}}")));
        steps.add(new WorkflowStep("fifth", recipeId, new ModelSelection("anthropic", "claude-haiku-4-5", openAiKey),
                "support\nteam", null));
        steps.add(new WorkflowStep("sixth", recipeId, new ModelSelection("openai", "gpt-4o-mini",
                "key_missing00000000000"), null, null));

        ServiceException failure = invalid(() -> service.create(ACME, new WorkflowRequest("Triage\r\n", steps)));

        assertEquals(List.of("name must not contain control characters",
                "steps[0].input refers to step 'third' ({{steps.third.output}}), which runs later",
                "steps[1].name repeats the name of steps[0]",
                "steps[1].recipeId must name one of your recipes",
                "steps[1].input refers to step 'ghost' ({{steps.ghost.output.x}}), which does not exist",
                "steps[2].recipeId must name one of your recipes",
                "steps[2].input refers to the step's own output ({{steps.third.output}})",
                "steps[3].name is required: a letter, then at most 63 letters, digits, '_' or '-'",
                "steps[3].input.a has a {{...}} that is not a reference: use {{input.<field>}} or "
                        + "{{steps.<step name>.output[.<field>]}}",
                "steps[4].model.keyId is a key of another provider",
                "steps[4].department must be 1 to 100 characters without control characters",
                "steps[5].model.keyId must name one of your keys"), failure.errors());
        assertEquals(0, workflows.size());
    }

    @Test
    void a_workflow_needs_one_to_ten_steps() {
        String recipeId = recipe(ACME.tenant(), 10);
        List<WorkflowStep> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(step("s" + i, recipeId, null));
        }

        assertEquals(List.of("steps must list 1 to 10 steps"),
                invalid(() -> service.create(ACME, new WorkflowRequest("w", List.of()))).errors());
        assertEquals(List.of("steps must list 1 to 10 steps"),
                invalid(() -> service.create(ACME, new WorkflowRequest("w", null))).errors());
        assertEquals(List.of("steps must list 1 to 10 steps"),
                invalid(() -> service.create(ACME, new WorkflowRequest("w", eleven))).errors());
        List<WorkflowStep> holes = new ArrayList<>();
        holes.add(null);
        assertEquals(List.of("steps[0] must be an object"),
                invalid(() -> service.create(ACME, new WorkflowRequest("w", holes))).errors());
        assertEquals(0, workflows.size());
    }

    @Test
    void a_definition_that_could_not_run_even_with_an_empty_input_is_refused_when_saved() {
        // 200,000 tokens × 16 bytes is far over 256 KiB: no input could make this run fit.
        String huge = recipe(ACME.tenant(), 200_000);

        ServiceException failure = invalid(() -> service.create(ACME, new WorkflowRequest("w",
                List.of(step("only", huge, null)))));

        assertEquals(1, failure.errors().size());
        assertTrue(failure.errors().get(0).contains("over the Step Functions limit of 262144 bytes"),
                failure.errors().toString());
    }

    @Test
    void a_run_starts_with_the_tenant_the_definition_the_input_and_a_fresh_run_id() {
        Workflow workflow = chain();

        WorkflowRunResult result = service.run(ACME, workflow.workflowId(),
                new WorkflowRunRequest(Map.of("ticket", "Où est ma commande ? 📦")));

        WorkflowState initial = runner.started.get(0);
        assertEquals("acme", initial.tenantId());
        assertEquals(workflow.workflowId(), initial.workflowId());
        assertEquals(result.workflowRunId(), initial.workflowRunId());
        assertTrue(initial.workflowRunId().startsWith("wfr_"));
        assertEquals(workflow.steps(), initial.steps());
        assertEquals(0, initial.stepIndex());
        assertEquals(3, initial.stepCount());
        assertEquals(Map.of("ticket", "Où est ma commande ? 📦"), initial.input());
        assertEquals("done", result.output());
        assertEquals("succeeded", result.status());
    }

    @Test
    void the_costs_of_the_steps_add_up_exactly_and_an_unpriced_step_makes_the_total_unknown() {
        Workflow workflow = chain();
        UsageView usage = new UsageView(1, 1, 0, 0, 0);
        WorkflowStepReport a = new WorkflowStepReport("a", "rcp_x", "succeeded", "run_1", "anthropic", "m", usage,
                "0.000000000001", 1L, 1L, 1, null);
        WorkflowStepReport b = new WorkflowStepReport("b", "rcp_x", "succeeded", "run_2", "openai", "m", usage,
                "0.1", 1L, 1L, 1, null);
        WorkflowStepReport unpriced = new WorkflowStepReport("c", "rcp_x", "succeeded", "run_3", "openai", "m", usage,
                null, 1L, 1L, 1, null);

        WorkflowRunRequest request = new WorkflowRunRequest(Map.of("ticket", "t"));

        runner.outcome = new WorkflowOutcome.Succeeded("done", List.of(a, b));
        assertEquals("0.100000000001", service.run(ACME, workflow.workflowId(), request).costUsd());
        runner.outcome = new WorkflowOutcome.Succeeded("done", List.of(a, b, unpriced));
        assertNull(service.run(ACME, workflow.workflowId(), request).costUsd());
    }

    @Test
    void an_input_that_lacks_a_value_a_mapping_reads_is_refused_before_the_runner_is_asked() {
        Workflow workflow = chain();

        ServiceException failure = assertThrows(ServiceException.class,
                () -> service.run(ACME, workflow.workflowId(), new WorkflowRunRequest(Map.of("other", "x"))));

        assertEquals("invalid_input", failure.errorCode().code());
        assertEquals(List.of("step 'extract': {{input.ticket}} has no value"), failure.errors());
        assertTrue(runner.started.isEmpty());
    }

    @Test
    void an_input_that_could_overflow_the_state_limit_is_refused_with_413_before_the_runner_is_asked() {
        Workflow workflow = chain();
        String large = "x".repeat(WorkflowLimits.STATE_LIMIT_BYTES);

        ServiceException failure = assertThrows(ServiceException.class,
                () -> service.run(ACME, workflow.workflowId(), new WorkflowRunRequest(Map.of("ticket", large))));

        assertEquals(413, failure.errorCode().status());
        assertEquals("payload_too_large", failure.errorCode().code());
        assertEquals(WorkflowLimits.STATE_LIMIT_BYTES, failure.extensions().get("limitBytes"));
        assertTrue(failure.getMessage().contains("262144 bytes"), failure.getMessage());
        assertFalse(failure.getMessage().contains(large.substring(0, 100)));
        assertTrue(runner.started.isEmpty());
    }

    @Test
    void an_input_just_under_the_limit_runs_and_one_that_makes_the_worst_case_exceed_it_does_not() {
        Workflow workflow = chain();
        String probe = "x";
        long fixed = StateBudget.estimate(new WorkflowState("acme", workflow.workflowId(),
                dev.byok.ids.Ids.workflowRunId(Instant.now()), workflow.steps(), Map.of("ticket", probe), 0, 3,
                Map.of(), null, List.of()), List.of(300, 300, 300), JSON).totalBytes() - probe.length();
        int room = (int) (WorkflowLimits.STATE_LIMIT_BYTES - fixed);

        service.run(ACME, workflow.workflowId(), new WorkflowRunRequest(Map.of("ticket", "y".repeat(room))));
        assertEquals(1, runner.started.size());
        assertEquals(413, assertThrows(ServiceException.class, () -> service.run(ACME, workflow.workflowId(),
                new WorkflowRunRequest(Map.of("ticket", "y".repeat(room + 1))))).errorCode().status());
        assertEquals(1, runner.started.size());
    }

    @Test
    void a_run_whose_recipe_was_deleted_since_is_refused_naming_the_step() {
        Workflow workflow = chain();
        recipes.delete(ACME.tenant(), workflow.steps().get(1).recipeId());

        ServiceException failure = assertThrows(ServiceException.class,
                () -> service.run(ACME, workflow.workflowId(), new WorkflowRunRequest(Map.of("ticket", "t"))));

        assertEquals("conflict", failure.errorCode().code());
        assertEquals("reason", failure.extensions().get("failedStep"));
        assertEquals(List.of("steps[1].recipeId names a recipe that no longer exists"), failure.errors());
        assertTrue(runner.started.isEmpty());
    }

    @Test
    void a_run_whose_model_override_key_was_deleted_since_is_refused_before_any_step_runs() {
        String recipeId = recipe(ACME.tenant(), 300);
        String openAiKey = key(ACME.tenant(), ProviderKind.OPENAI);
        Workflow workflow = service.create(ACME, new WorkflowRequest("w", List.of(step("first", recipeId, null),
                new WorkflowStep("second", recipeId, new ModelSelection("openai", "gpt-4o-mini", openAiKey), null,
                        null))));
        keys.delete(ACME.tenant(), keys.find(ACME.tenant(), openAiKey).orElseThrow(), AuditEvent.of(Instant.now(),
                ACME, AuditAction.KEY_DELETED, openAiKey, "openai", 1, AuditEvent.SUCCEEDED));

        ServiceException failure = assertThrows(ServiceException.class,
                () -> service.run(ACME, workflow.workflowId(), new WorkflowRunRequest(Map.of("text", "t"))));

        assertEquals("conflict", failure.errorCode().code());
        assertEquals("second", failure.extensions().get("failedStep"));
        assertEquals(List.of("steps[1].model.keyId must name one of your keys"), failure.errors());
        assertTrue(runner.started.isEmpty(), "the first step would have spent tokens for nothing");
    }

    @Test
    void a_failed_step_answers_with_its_own_code_names_the_step_and_error_and_carries_the_steps_that_ran() {
        Workflow workflow = chain();
        WorkflowStepReport first = new WorkflowStepReport("extract", "rcp_x", "succeeded", "run_1", "anthropic",
                "claude-haiku-4-5", new UsageView(10, 5, 0, 0, 0), "0.00001", 10L, 9L, 1, null);
        runner.outcome = new WorkflowOutcome.StepFailed(1, StepFailure.RETRYABLE_ERROR, JSON.valueToTree(Map.of(
                "code", "provider_rate_limited", "status", 429, "detail", "The openai API is rate limiting this key; "
                        + "retry later.", "runId", "run_2", "provider", "openai", "attempts", 3,
                "retryAfterSeconds", 7)), List.of(first));

        ServiceException failure = assertThrows(ServiceException.class,
                () -> service.run(ACME, workflow.workflowId(), new WorkflowRunRequest(Map.of("ticket", "t"))));

        assertEquals("provider_rate_limited", failure.errorCode().code());
        assertEquals(429, failure.errorCode().status());
        assertEquals("reason", failure.extensions().get("failedStep"));
        assertEquals(StepFailure.RETRYABLE_ERROR, failure.extensions().get("error"));
        assertEquals(7, failure.extensions().get("retryAfterSeconds"));
        assertTrue(failure.getMessage().startsWith("Workflow step 'reason' failed: The openai API"),
                failure.getMessage());
        @SuppressWarnings("unchecked")
        List<WorkflowStepReport> steps = (List<WorkflowStepReport>) failure.extensions().get("steps");
        assertEquals(List.of("extract", "reason"), steps.stream().map(WorkflowStepReport::stepName).toList());
        assertEquals("failed", steps.get(1).status());
        assertEquals("run_2", steps.get(1).runId());
        assertEquals("provider_rate_limited", steps.get(1).errorCode());
    }

    @Test
    void a_run_that_times_out_is_a_504_with_its_run_id() {
        Workflow workflow = chain();
        runner.outcome = new WorkflowOutcome.TimedOut();

        ServiceException failure = assertThrows(ServiceException.class,
                () -> service.run(ACME, workflow.workflowId(), new WorkflowRunRequest(Map.of("ticket", "t"))));

        assertEquals("workflow_timeout", failure.errorCode().code());
        assertEquals(504, failure.errorCode().status());
        assertEquals(runner.started.get(0).workflowRunId(), failure.extensions().get("workflowRunId"));
    }
}
