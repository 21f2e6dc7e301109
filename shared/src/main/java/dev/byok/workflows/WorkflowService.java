package dev.byok.workflows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.error.ErrorCode;
import dev.byok.error.RequestValidator;
import dev.byok.error.ServiceException;
import dev.byok.ids.Ids;
import dev.byok.logging.LogContext;
import dev.byok.pricing.Cost;
import dev.byok.recipes.Recipe;
import dev.byok.recipes.RecipeRepository;
import dev.byok.recipes.RecipeService;
import dev.byok.runs.InvalidInputException;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Workflows: versioned definitions (an ordered list of recipe steps with input mappings and optional per-step model
 * overrides), validated completely before anything is stored, and runs. A run is checked in full before its first
 * step (the workflow exists, its recipes still do, every value its mappings read from the input is there, and its
 * Step Functions state cannot outgrow 256 KiB), so a refused run spends nothing; then the {@link WorkflowRunner}
 * (Step Functions in AWS, in process locally) runs the steps and each step records its own run metadata tagged with
 * the workflow, the workflow run and the step.
 */
@Singleton
@Requires(beans = WorkflowRunner.class)
public class WorkflowService {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowService.class);

    private final WorkflowRepository workflows;
    private final RecipeRepository recipes;
    private final RecipeService recipeService;
    private final WorkflowRunner runner;
    private final ObjectMapper mapper;
    private final Clock clock;

    @Inject
    public WorkflowService(WorkflowRepository workflows, RecipeRepository recipes, RecipeService recipeService,
                           WorkflowRunner runner, ObjectMapper mapper) {
        this(workflows, recipes, recipeService, runner, mapper, Clock.systemUTC());
    }

    WorkflowService(WorkflowRepository workflows, RecipeRepository recipes, RecipeService recipeService,
                    WorkflowRunner runner, ObjectMapper mapper, Clock clock) {
        this.workflows = workflows;
        this.recipes = recipes;
        this.recipeService = recipeService;
        this.runner = runner;
        this.mapper = mapper;
        this.clock = clock;
    }

    public Workflow create(AuthenticatedPrincipal principal, WorkflowRequest request) {
        LogContext.putTenant(principal.tenant());
        List<WorkflowStep> steps = validate(principal.tenant(), request);
        Instant now = clock.instant();
        Workflow workflow = new Workflow(Ids.workflowId(), request.name().strip(), steps, 1, now, now);
        workflows.create(principal.tenant(), workflow);
        LogContext.put(LogContext.WORKFLOW, workflow.workflowId());
        LOG.info("workflow created: version=1 steps={}", steps.size());
        return workflow;
    }

    public Workflow get(AuthenticatedPrincipal principal, String workflowId) {
        return require(principal.tenant(), workflowId);
    }

    public List<Workflow> list(AuthenticatedPrincipal principal) {
        return workflows.list(principal.tenant());
    }

    public Workflow update(AuthenticatedPrincipal principal, String workflowId, WorkflowRequest request) {
        LogContext.putTenant(principal.tenant());
        Workflow current = require(principal.tenant(), workflowId);
        List<WorkflowStep> steps = validate(principal.tenant(), request);
        Workflow updated = new Workflow(workflowId, request.name().strip(), steps, current.version() + 1,
                current.createdAt(), clock.instant());
        if (!workflows.replace(principal.tenant(), updated, current.version())) {
            throw new ServiceException(ErrorCode.CONFLICT,
                    "The workflow was changed by another request; read it again and retry.");
        }
        LogContext.put(LogContext.WORKFLOW, workflowId);
        LOG.info("workflow updated: version={} steps={}", updated.version(), steps.size());
        return updated;
    }

    public void delete(AuthenticatedPrincipal principal, String workflowId) {
        LogContext.putTenant(principal.tenant());
        if (!Ids.looksLikeId(workflowId) || !workflows.delete(principal.tenant(), workflowId)) {
            throw new WorkflowNotFoundException(workflowId);
        }
        LogContext.put(LogContext.WORKFLOW, workflowId);
        LOG.info("workflow deleted");
    }

    /** {@code POST /workflows/{workflowId}/runs}: checks everything, then runs every step in order. */
    public WorkflowRunResult run(AuthenticatedPrincipal principal, String workflowId, WorkflowRunRequest request) {
        long started = System.nanoTime();
        TenantId tenant = principal.tenant();
        LogContext.putTenant(tenant);
        Workflow workflow = require(tenant, workflowId);
        LogContext.put(LogContext.WORKFLOW, workflowId);
        Map<String, Object> input = request == null || request.input() == null ? Map.of() : request.input();

        List<Integer> maxOutputTokens = stillRunnable(tenant, workflow);
        List<String> missing = InputMapping.missingInputValues(workflow.steps(), mapper.valueToTree(input));
        if (!missing.isEmpty()) {
            throw new InvalidInputException("The workflow input lacks values that the steps' mappings read; no step "
                    + "was run.", missing);
        }
        String workflowRunId = Ids.workflowRunId(clock.instant());
        WorkflowState initial = new WorkflowState(tenant.value(), workflowId, workflowRunId, workflow.steps(), input,
                0, workflow.steps().size(), Map.of(), null, List.of());
        StateBudget.Estimate estimate = StateBudget.estimate(initial, maxOutputTokens, mapper);
        if (!estimate.fits()) {
            LOG.info("workflow run refused: worst-case state bytes={}", estimate.totalBytes());
            throw WorkflowStateTooLargeException.refused(estimate);
        }

        LogContext.put(LogContext.WORKFLOW_RUN, workflowRunId);
        LOG.info("workflow run started: steps={} worstCaseStateBytes={}", workflow.steps().size(),
                estimate.totalBytes());
        WorkflowOutcome outcome = runner.run(initial);
        long latencyMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        return switch (outcome) {
            case WorkflowOutcome.Succeeded succeeded -> {
                LOG.info("workflow run succeeded: steps={} latencyMs={}", succeeded.steps().size(), latencyMs);
                yield new WorkflowRunResult(workflowRunId, workflowId, workflow.version(), "succeeded",
                        succeeded.output(), succeeded.steps(), totalCost(succeeded.steps()), latencyMs);
            }
            case WorkflowOutcome.StepFailed failed -> throw stepFailed(workflow, workflowRunId, failed);
            case WorkflowOutcome.TimedOut timedOut -> {
                LOG.warn("workflow run timed out: latencyMs={}", latencyMs);
                throw new WorkflowTimedOutException(workflowId, workflowRunId);
            }
        };
    }

    /**
     * What the definition names must still exist as it did when saved: every step's recipe, and the key of every
     * model override for its provider. A step that could not start is found now, not after the steps before it have
     * spent tokens. Returns each step's {@code maxOutputTokens}.
     */
    private List<Integer> stillRunnable(TenantId tenant, Workflow workflow) {
        RequestValidator problems = new RequestValidator();
        String firstBroken = null;
        List<Integer> maxOutputTokens = new ArrayList<>();
        for (int i = 0; i < workflow.steps().size(); i++) {
            WorkflowStep step = workflow.steps().get(i);
            int before = problems.errors().size();
            Optional<Recipe> recipe = recipes.find(tenant, step.recipeId());
            problems.require(recipe.isPresent(), "steps[" + i + "].recipeId names a recipe that no longer exists");
            recipe.ifPresent(found -> maxOutputTokens.add(found.parameters().maxOutputTokens() == null
                    ? RecipeService.DEFAULT_MAX_OUTPUT_TOKENS : found.parameters().maxOutputTokens()));
            if (step.model() != null) {
                recipeService.validateSelection(tenant, step.model(), "steps[" + i + "].model", true, problems);
            }
            if (firstBroken == null && problems.errors().size() > before) {
                firstBroken = step.name();
            }
        }
        if (firstBroken != null) {
            throw new ServiceException(ErrorCode.CONFLICT, "The workflow names recipes or keys that no longer exist "
                    + "as it did when it was saved; update the workflow. No step was run.", problems.errors(),
                    Map.of("failedStep", firstBroken), null);
        }
        return maxOutputTokens;
    }

    public Workflow require(TenantId tenant, String workflowId) {
        if (!Ids.looksLikeId(workflowId)) {
            throw new WorkflowNotFoundException(workflowId);
        }
        return workflows.find(tenant, workflowId).orElseThrow(() -> new WorkflowNotFoundException(workflowId));
    }

    private WorkflowStepFailedException stepFailed(Workflow workflow, String workflowRunId,
                                                   WorkflowOutcome.StepFailed failed) {
        WorkflowStep step = workflow.steps().get(failed.stepIndex());
        String code = failed.failure() == null ? ErrorCode.DEPENDENCY_UNAVAILABLE.code()
                : failed.failure().path("code").asText();
        List<WorkflowStepReport> reports = new ArrayList<>(failed.steps());
        reports.add(WorkflowStepReport.failed(step, code, failed.failure()));
        LOG.warn("workflow run failed at a step: stepIndex={} error={} code={}", failed.stepIndex(), failed.error(),
                code);
        return WorkflowStepFailedException.of(workflow.workflowId(), workflowRunId, step.name(), failed.error(),
                failed.failure(), reports);
    }

    /** The steps' costs added up exactly; unknown when any step is unpriced (a partial sum would mislead). */
    private static String totalCost(List<WorkflowStepReport> steps) {
        BigInteger pico = BigInteger.ZERO;
        for (WorkflowStepReport step : steps) {
            if (step.costUsd() == null) {
                return null;
            }
            pico = pico.add(new BigDecimal(step.costUsd()).movePointRight(12).toBigIntegerExact());
        }
        return Cost.usdString(pico);
    }

    /** Every rule of a definition, all problems in one 400; returns the steps as they are stored. */
    private List<WorkflowStep> validate(TenantId tenant, WorkflowRequest request) {
        RequestValidator validator = new RequestValidator();
        if (request == null) {
            validator.require(false, "a JSON body is required").throwIfInvalid("The workflow is not valid.");
        }
        validator.requireLine(request.name(), "name", 200);
        List<WorkflowStep> steps = request.steps() == null ? List.of() : request.steps();
        validator.require(!steps.isEmpty() && steps.size() <= WorkflowLimits.MAX_STEPS,
                "steps must list 1 to " + WorkflowLimits.MAX_STEPS + " steps");
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            WorkflowStep step = steps.get(i);
            if (step != null && step.name() != null && InputMapping.STEP_NAME.matcher(step.name()).matches()) {
                positions.putIfAbsent(step.name(), i);
            }
        }
        List<WorkflowStep> normalised = new ArrayList<>();
        List<Integer> maxOutputTokens = new ArrayList<>();
        Map<String, Optional<Recipe>> recipesById = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            String field = "steps[" + i + "]";
            WorkflowStep step = steps.get(i);
            if (step == null) {
                validator.require(false, field + " must be an object");
                continue;
            }
            if (step.name() == null || !InputMapping.STEP_NAME.matcher(step.name()).matches()) {
                validator.require(false, field + ".name is required: a letter, then at most 63 letters, digits, "
                        + "'_' or '-'");
            } else if (positions.get(step.name()) != i) {
                validator.require(false, field + ".name repeats the name of steps[" + positions.get(step.name())
                        + "]");
            }
            Optional<Recipe> recipe = Ids.looksLikeId(step.recipeId())
                    ? recipesById.computeIfAbsent(step.recipeId(), id -> recipes.find(tenant, id)) : Optional.empty();
            validator.require(recipe.isPresent(), field + ".recipeId must name one of your recipes");
            recipe.ifPresent(found -> maxOutputTokens.add(found.parameters().maxOutputTokens() == null
                    ? RecipeService.DEFAULT_MAX_OUTPUT_TOKENS : found.parameters().maxOutputTokens()));
            if (step.model() != null) {
                recipeService.validateSelection(tenant, step.model(), field + ".model", true, validator);
            }
            String department = step.department() == null ? null : step.department().strip();
            // As a run override: the department lands in usage rows and CSV exports.
            validator.require(department == null || (!department.isEmpty() && department.length() <= 100
                    && RequestValidator.isOneLine(department)),
                    field + ".department must be 1 to 100 characters without control characters");
            List<String> problems = new ArrayList<>();
            for (InputMapping.Reference reference : InputMapping.references(step.input(), field + ".input",
                    problems)) {
                if (reference.stepName() == null) {
                    continue;
                }
                Integer position = positions.get(reference.stepName());
                String referenced = "{{" + reference.expression() + "}}";
                if (position == null) {
                    problems.add(field + ".input refers to step '" + reference.stepName() + "' (" + referenced
                            + "), which does not exist");
                } else if (position == i) {
                    problems.add(field + ".input refers to the step's own output (" + referenced + ")");
                } else if (position > i) {
                    problems.add(field + ".input refers to step '" + reference.stepName() + "' (" + referenced
                            + "), which runs later");
                }
            }
            problems.stream().distinct().forEach(problem -> validator.require(false, problem));
            normalised.add(new WorkflowStep(step.name(), step.recipeId(), step.model(), department, step.input()));
        }
        if (!validator.hasErrors()) {
            checkSize(tenant, normalised, maxOutputTokens, validator);
        }
        validator.throwIfInvalid("The workflow is not valid.");
        return normalised;
    }

    /** A definition that could not run even with an empty input is refused when saved, not when first run. */
    private void checkSize(TenantId tenant, List<WorkflowStep> steps, List<Integer> maxOutputTokens,
                           RequestValidator validator) {
        try {
            int bytes = mapper.writeValueAsString(steps).getBytes(StandardCharsets.UTF_8).length;
            validator.require(bytes <= WorkflowLimits.MAX_DEFINITION_BYTES,
                    "steps must be at most " + WorkflowLimits.MAX_DEFINITION_BYTES + " bytes as JSON");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("workflow steps could not be serialised", e);
        }
        if (validator.hasErrors()) {
            return;
        }
        WorkflowState empty = new WorkflowState(tenant.value(), "wfl_00000000000000000000",
                Ids.workflowRunId(Instant.EPOCH), steps, Map.of(), 0, steps.size(), Map.of(), null, List.of());
        StateBudget.Estimate estimate = StateBudget.estimate(empty, maxOutputTokens, mapper);
        validator.require(estimate.fits(), "steps could make a run's state reach " + estimate.totalBytes()
                + " bytes even with an empty input, over the Step Functions limit of "
                + WorkflowLimits.STATE_LIMIT_BYTES + " bytes: lower the recipes' maxOutputTokens or let fewer steps "
                + "read earlier outputs");
    }
}
