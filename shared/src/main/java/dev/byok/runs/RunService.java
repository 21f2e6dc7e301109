package dev.byok.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.byok.error.RequestValidator;
import dev.byok.ids.Ids;
import dev.byok.jsonschema.JsonSchemas;
import dev.byok.keys.KeyRepository;
import dev.byok.keys.KeyResolver;
import dev.byok.keys.ProviderKey;
import dev.byok.logging.LogContext;
import dev.byok.logging.SafeThrowables;
import dev.byok.pricing.Cost;
import dev.byok.pricing.CostCalculator;
import dev.byok.providers.CompletionRequest;
import dev.byok.providers.CompletionResult;
import dev.byok.providers.ProviderClients;
import dev.byok.providers.ProviderCredential;
import dev.byok.providers.ProviderErrorClass;
import dev.byok.providers.ProviderException;
import dev.byok.providers.ProviderKind;
import dev.byok.providers.ProviderRetrier;
import dev.byok.providers.ProvidersConfiguration;
import dev.byok.providers.TokenUsage;
import dev.byok.recipes.ModelSelection;
import dev.byok.recipes.PromptTemplate;
import dev.byok.recipes.Recipe;
import dev.byok.recipes.RecipeNotFoundException;
import dev.byok.recipes.RecipeService;
import dev.byok.settings.TenantTimeZones;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs a recipe: read recipe, key and idempotency claim in one round trip, validate the input against the recipe's
 * schema and render the prompts strictly, decrypt the key (or take it from the cache), call the provider directly
 * (retried by {@link ProviderRetrier}, then the recipe's fallback model), validate structured output, price the
 * usage, record metadata only, return the output. Every check that can fail before the provider call does so first,
 * so a rejected run spends nothing and writes nothing.
 */
@Singleton
public class RunService {
    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);
    private static final Pattern STEP_TEXT = Pattern.compile("[A-Za-z0-9_.:/$#@+=-]{1,256}");
    private static final Pattern STEP_NAME = Pattern.compile("[^\\p{Cntrl}]{1,80}");
    /**
     * How long past its deadline a run holds its idempotency key in progress: time to record it. A hold outlives
     * the run only when its process died; then the key is free again this long after the deadline.
     */
    static final Duration CLAIM_MARGIN = Duration.ofSeconds(30);

    private final RecipeService recipes;
    private final RunPrerequisites prerequisites;
    private final RecipeKeyHints keyHints;
    private final KeyRepository keys;
    private final KeyResolver keyResolver;
    private final ProviderClients providers;
    private final ProvidersConfiguration providersConfiguration;
    private final ProviderRetrier retrier;
    private final JsonSchemas schemas;
    private final CostCalculator costs;
    private final RunRecorder recorder;
    private final IdempotencyRecords idempotency;
    private final TenantTimeZones timeZones;
    private final ObjectMapper mapper;
    private final Clock clock;

    public RunService(RecipeService recipes, RunPrerequisites prerequisites, RecipeKeyHints keyHints,
                      KeyRepository keys, KeyResolver keyResolver, ProviderClients providers,
                      ProvidersConfiguration providersConfiguration, ProviderRetrier retrier, JsonSchemas schemas,
                      CostCalculator costs, RunRecorder recorder, IdempotencyRecords idempotency,
                      TenantTimeZones timeZones, ObjectMapper mapper) {
        this(recipes, prerequisites, keyHints, keys, keyResolver, providers, providersConfiguration, retrier, schemas,
                costs, recorder, idempotency, timeZones, mapper, Clock.systemUTC());
    }

    RunService(RecipeService recipes, RunPrerequisites prerequisites, RecipeKeyHints keyHints, KeyRepository keys,
               KeyResolver keyResolver, ProviderClients providers, ProvidersConfiguration providersConfiguration,
               ProviderRetrier retrier, JsonSchemas schemas, CostCalculator costs, RunRecorder recorder,
               IdempotencyRecords idempotency, TenantTimeZones timeZones, ObjectMapper mapper, Clock clock) {
        this.recipes = recipes;
        this.prerequisites = prerequisites;
        this.keyHints = keyHints;
        this.keys = keys;
        this.keyResolver = keyResolver;
        this.providers = providers;
        this.providersConfiguration = providersConfiguration;
        this.retrier = retrier;
        this.schemas = schemas;
        this.costs = costs;
        this.recorder = recorder;
        this.idempotency = idempotency;
        this.timeZones = timeZones;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** {@code POST /recipes/{recipeId}/runs} without an idempotency key. */
    public RunResult run(AuthenticatedPrincipal principal, String recipeId, RunRequest request) {
        return run(principal, recipeId, request, null);
    }

    /**
     * {@code POST /recipes/{recipeId}/runs}. With an {@code Idempotency-Key}, the run takes the key before it calls
     * the provider: a key held by a succeeded run, or by a run still in progress, is refused
     * ({@link DuplicateRunException}) before anything is spent; a run that fails gives the key back.
     */
    public RunResult run(AuthenticatedPrincipal principal, String recipeId, RunRequest request,
                         String idempotencyKeyHeader) {
        LogContext.putTenant(principal.tenant());
        IdempotencyKey key = IdempotencyKey.fromHeader(idempotencyKeyHeader);
        return execute(principal.tenant(), recipeId, request == null ? new RunRequest(null, null, null) : request,
                new Origin(key, null, null, null));
    }

    /**
     * One workflow step (the Step Functions step handler). The tenant is taken from the request, which only the
     * product's own state machine sends; the run is recorded with the workflow, execution and step, and its
     * idempotency key is derived from execution and step.
     */
    public RunResult runStep(StepRunRequest step) {
        RequestValidator validator = new RequestValidator();
        if (step == null) {
            validator.require(false, "a step request is required").throwIfInvalid("The step request is not valid.");
        }
        validator.require(TenantId.isValid(step.tenantId()), "tenantId is required and must be a tenant id")
                .require(step.recipeId() != null, "recipeId is required")
                .require(step.executionId() != null && STEP_TEXT.matcher(step.executionId()).matches(),
                        "executionId is required (1 to 256 characters of an execution ARN or name)")
                .require(step.stepName() != null && STEP_NAME.matcher(step.stepName()).matches(),
                        "stepName is required (1 to 80 characters)")
                .require(step.workflowId() == null || STEP_TEXT.matcher(step.workflowId()).matches(),
                        "workflowId must be 1 to 256 characters of an id");
        validator.throwIfInvalid("The step request is not valid.");
        TenantId tenant = new TenantId(step.tenantId());
        LogContext.putTenant(tenant);
        return execute(tenant, step.recipeId(), new RunRequest(step.input(), step.model(), step.department()),
                new Origin(IdempotencyKey.forStep(step.executionId(), step.stepName()), step.workflowId(),
                        step.executionId(), step.stepName()));
    }

    /** Where a run comes from: the HTTP API (maybe with an idempotency key) or a workflow step. */
    private record Origin(IdempotencyKey idempotencyKey, String workflowId, String workflowRunId, String stepName) {
    }

    /** The model selection an attempt uses, with its key. */
    private record Target(ModelSelection selection, ProviderKey key) {
        ProviderKind provider() {
            return selection.kind();
        }
    }

    private RunResult execute(TenantId tenant, String recipeId, RunRequest body, Origin origin) {
        long started = System.nanoTime();
        Instant createdAt = clock.instant();
        Reads reads = readPrerequisites(tenant, recipeId, body, origin);
        Recipe recipe = reads.found().recipe().orElseThrow(() -> new RecipeNotFoundException(recipeId));
        LogContext.put(LogContext.RECIPE, recipeId);
        if (body.model() == null) {
            keyHints.remember(tenant, recipeId, recipe.model().keyId());
        }

        ModelSelection selection = body.model() != null ? body.model() : recipe.model();
        String department = body.department() != null ? body.department().strip() : recipe.department();
        RequestValidator validator = new RequestValidator();
        if (body.model() != null) {
            // The override's key was read with the recipe whenever its id is well-formed, the only case asked.
            recipes.validateSelection(body.model(), "model", true, validator,
                    keyId -> Optional.ofNullable(reads.found().keys().get(keyId)));
        }
        validator.require(body.department() == null || (!department.isEmpty() && department.length() <= 100
                        && RequestValidator.isOneLine(department)),
                "department must be 1 to 100 characters without control characters");
        validator.throwIfInvalid("The run request is not valid.");

        JsonNode input = body.input() == null ? JsonNodeFactory.instance.objectNode()
                : mapper.valueToTree(body.input());
        PromptTemplate system = PromptTemplate.of(recipe.system());
        PromptTemplate template = PromptTemplate.of(recipe.template());
        checkInput(recipe, input, system, template);

        Optional<IdempotencyRecords.ClaimedRun> claimed = reads.found().claim();
        if (claimed.isPresent() && claimed.get().holds(clock.instant())) {
            throw duplicate(claimed.get());
        }

        Target primary = new Target(selection, keyOf(tenant, selection.keyId(), reads)
                .orElseThrow(() -> new KeyUnavailableException(selection.keyId())));
        String runId = Ids.runId(createdAt);
        LogContext.put(LogContext.RUN, runId);
        LogContext.put(LogContext.KEY, primary.key().keyId());

        String renderedSystem = system.render(input);
        String renderedPrompt = template.render(input);
        // From the run's start, so the time its reads took counts against the budget too.
        Instant deadline = createdAt.plus(timeout(recipe));
        String digest = origin.idempotencyKey() == null ? null : origin.idempotencyKey().digest();
        boolean completed = false;
        boolean heldByAnother = false;
        try {
            if (digest != null) {
                Optional<IdempotencyRecords.ClaimedRun> holder = idempotency.claim(tenant, digest,
                        new IdempotencyRecords.ClaimedRun(runId, recipeId, createdAt,
                                IdempotencyRecords.State.IN_PROGRESS, deadline.plus(CLAIM_MARGIN)));
                if (holder.isPresent()) {
                    heldByAnother = true;
                    throw duplicate(holder.get());
                }
            }
            RunResult result = callAndRecord(tenant, recipeId, recipe, body, origin, reads, primary, runId,
                    createdAt, started, renderedSystem, renderedPrompt, deadline, digest);
            completed = true;
            return result;
        } finally {
            if (digest != null && !completed && !heldByAnother) {
                // Failed, invalid output or an unexpected error (the claim's own call included, which may have
                // written it): the key is free again for a retry. Release only deletes this run's own claim.
                idempotency.release(tenant, digest, runId);
            }
        }
    }

    private DuplicateRunException duplicate(IdempotencyRecords.ClaimedRun holder) {
        LOG.info("run refused: idempotency key held by runId={} state={}", holder.runId(),
                holder.state().wireName());
        return new DuplicateRunException(holder);
    }

    /** The provider call (retried, then the fallback), its record and the result; throws on any failure. */
    private RunResult callAndRecord(TenantId tenant, String recipeId, Recipe recipe, RunRequest body, Origin origin,
                                    Reads reads, Target primary, String runId, Instant createdAt, long started,
                                    String renderedSystem, String renderedPrompt, Instant deadline, String digest) {
        String department = body.department() != null ? body.department().strip() : recipe.department();
        ProviderRetrier.Attempts attempts = new ProviderRetrier.Attempts();
        Target target = primary;
        CompletionResult result;
        try {
            try {
                result = call(tenant, primary, recipe, renderedSystem, renderedPrompt, deadline, attempts);
            } catch (ProviderException failure) {
                Optional<Target> fallback = retrier.hasTimeFor(deadline)
                        ? fallbackAfter(tenant, recipe, body, failure) : Optional.empty();
                if (fallback.isEmpty() || !retrier.hasTimeFor(deadline)) {
                    // No fallback, or reading its key took the time that was left.
                    throw failure;
                }
                target = fallback.get();
                LOG.warn("primary model failed: errorClass={} attempts={}; trying the fallback provider={}",
                        failure.errorClass().recordedName(), attempts.count(), target.provider().wireName());
                result = call(tenant, target, recipe, renderedSystem, renderedPrompt, deadline, attempts);
            }
        } catch (ProviderException failure) {
            long latencyMs = elapsedMs(started);
            TokenUsage usage = failure.usage() == null ? TokenUsage.NONE : failure.usage();
            // A failed call with no usage billed nothing: its cost is zero whatever the price table knows.
            BigInteger cost = failure.usage() == null ? BigInteger.ZERO : costOf(target, usage);
            record(tenant, new RunRecord(runId, recipeId, recipe.version(), department,
                    target.provider().wireName(), target.selection().model(), target.key().keyId(), RunStatus.FAILED,
                    failure.errorClass().recordedName(), usage, cost, costs.priceTableVersion(), latencyMs, latencyMs,
                    attempts.count(), failure.providerRequestId(), createdAt, day(reads, createdAt),
                    origin.workflowId(), origin.workflowRunId(), origin.stepName(), null));
            LOG.warn("run failed at provider: errorClass={} providerStatus={} attempts={}",
                    failure.errorClass().recordedName(), failure.httpStatus(), attempts.count());
            throw new ProviderCallException(failure, runId, target.provider().wireName(), attempts.count());
        }

        TokenUsage usage = result.usage();
        BigInteger cost = usage == null ? null : costOf(target, usage);
        long latencyMs = elapsedMs(started);
        long providerMs = result.providerLatency().toMillis();
        List<String> outputViolations = recipe.outputSchema() == null ? List.of()
                : outputViolations(recipe, result.text());
        RunStatus status = outputViolations.isEmpty() ? RunStatus.SUCCEEDED : RunStatus.INVALID_OUTPUT;
        // Only a run that produced usable output completes its claim: a failed or invalid one gives the key back.
        String claim = status == RunStatus.SUCCEEDED ? digest : null;
        record(tenant, new RunRecord(runId, recipeId, recipe.version(), department,
                target.provider().wireName(), target.selection().model(), target.key().keyId(), status,
                status == RunStatus.SUCCEEDED ? null : RunStatus.INVALID_OUTPUT.wireName(), usage, cost,
                costs.priceTableVersion(), latencyMs, providerMs, attempts.count(), result.providerRequestId(),
                createdAt, day(reads, createdAt), origin.workflowId(), origin.workflowRunId(), origin.stepName(),
                claim));
        if (status == RunStatus.INVALID_OUTPUT) {
            LOG.warn("run output does not match the output schema: violations={}", outputViolations.size());
            throw new InvalidOutputException(outputViolations, runId, target.provider().wireName(),
                    result.providerRequestId());
        }
        LOG.info("run succeeded: provider={} attempts={} latencyMs={} providerLatencyMs={}",
                target.provider().wireName(), attempts.count(), latencyMs, providerMs);
        return new RunResult(runId, status.wireName(), result.text(), UsageView.of(usage),
                cost == null ? null : Cost.usdString(cost), costs.priceTableVersion(), target.provider().wireName(),
                target.selection().model(), recipeId, recipe.version(), latencyMs, providerMs, attempts.count(),
                result.providerRequestId());
    }

    /** What the run's one batched read asked for and found. */
    private record Reads(RunPrerequisites.Wanted wanted, RunPrerequisites.Found found, ZoneId zone) {
    }

    /**
     * One strongly consistent read of everything the run needs before the provider call: the recipe; the key of the
     * model override, or else the key this environment saw the recipe name last time; the idempotency claim; and
     * the tenant's settings when the time-zone cache has none. A malformed recipe id reads nothing (404).
     */
    private Reads readPrerequisites(TenantId tenant, String recipeId, RunRequest body, Origin origin) {
        if (!Ids.looksLikeId(recipeId)) {
            throw new RecipeNotFoundException(recipeId);
        }
        Set<String> keyIds = new HashSet<>();
        if (body.model() != null) {
            if (Ids.looksLikeId(body.model().keyId())) {
                keyIds.add(body.model().keyId());
            }
        } else {
            keyHints.keyOf(tenant, recipeId).ifPresent(keyIds::add);
        }
        Optional<ZoneId> cachedZone = timeZones.cached(tenant);
        RunPrerequisites.Wanted wanted = new RunPrerequisites.Wanted(recipeId, keyIds,
                origin.idempotencyKey() == null ? null : origin.idempotencyKey().digest(), cachedZone.isEmpty());
        RunPrerequisites.Found found = prerequisites.read(tenant, wanted);
        // The zone is fixed here, at the run's start, so recording it later never needs another read.
        ZoneId zone = cachedZone.orElseGet(() -> timeZones.remember(tenant, found.settings().orElseThrow()));
        return new Reads(wanted, found, zone);
    }

    /**
     * The key as read with the recipe, or, when it was not asked for there (no hint yet, or the recipe now names
     * another key), read on its own: still strongly consistent, one more round trip.
     */
    private Optional<ProviderKey> keyOf(TenantId tenant, String keyId, Reads reads) {
        if (reads.wanted().keyIds().contains(keyId)) {
            return Optional.ofNullable(reads.found().keys().get(keyId));
        }
        return keys.find(tenant, keyId);
    }

    /** Input schema violations and missing template variables, all in one 400, before anything is spent. */
    private void checkInput(Recipe recipe, JsonNode input, PromptTemplate system, PromptTemplate template) {
        List<String> errors = new ArrayList<>();
        if (recipe.inputSchema() != null) {
            errors.addAll(schemas.violations(recipe.inputSchema(), input, "input"));
        }
        List<String> missing = new ArrayList<>(system.missing(input));
        template.missing(input).stream().filter(name -> !missing.contains(name)).forEach(missing::add);
        missing.forEach(name -> errors.add("input." + name + " is required by the template"));
        if (!errors.isEmpty()) {
            String detail = missing.isEmpty() ? "The input does not match the recipe's input schema."
                    : "The input lacks values for template variables: " + String.join(", ", missing) + ".";
            throw new InvalidInputException(detail, errors);
        }
    }

    private CompletionResult call(TenantId tenant, Target target, Recipe recipe, String system, String prompt,
                                  Instant deadline, ProviderRetrier.Attempts attempts) {
        ProviderCredential credential = keyResolver.credentialFor(tenant, target.key());
        try {
            return retrier.call(deadline, attempts, timeLeft -> providers.forKind(target.provider()).complete(
                    new CompletionRequest(baseUrl(target), target.selection().model(), system, prompt,
                            recipe.parameters().maxOutputTokens(), recipe.parameters().temperature(), timeLeft,
                            recipe.outputSchema()), credential));
        } catch (ProviderException failure) {
            if (failure.errorClass() == ProviderErrorClass.AUTH) {
                keyResolver.forget(tenant, target.key().keyId());
            }
            throw failure;
        }
    }

    /**
     * The recipe's fallback selection, when the primary failed with a retryable error, the run did not override the
     * model, and the fallback's key still exists for its provider. Only asked while the budget has time for it.
     */
    private Optional<Target> fallbackAfter(TenantId tenant, Recipe recipe, RunRequest body,
                                           ProviderException failure) {
        ModelSelection fallback = recipe.fallback();
        if (fallback == null || body.model() != null || !failure.errorClass().retryable()) {
            return Optional.empty();
        }
        Optional<ProviderKey> key = keys.find(tenant, fallback.keyId());
        if (key.isEmpty() || ProviderKind.fromWireName(fallback.provider()).orElse(null) != key.get().provider()) {
            LOG.warn("fallback skipped: its key is missing or belongs to another provider");
            return Optional.empty();
        }
        return Optional.of(new Target(fallback, key.get()));
    }

    private List<String> outputViolations(Recipe recipe, String text) {
        JsonNode output;
        try {
            output = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return List.of("output is not JSON");
        }
        if (output == null || output.isMissingNode()) {
            return List.of("output is not JSON");
        }
        return schemas.violations(recipe.outputSchema(), output, "output");
    }

    private boolean record(TenantId tenant, RunRecord run) {
        try {
            return recorder.record(tenant, run);
        } catch (RuntimeException e) {
            // The provider was paid but the record is lost: leave what reconciling the cost needs (metadata only).
            TokenUsage usage = run.usage() == null ? TokenUsage.NONE : run.usage();
            LOG.error("run not recorded: runId={} recipeId={} provider={} model={} keyId={} status={} "
                            + "inputTokens={} outputTokens={} cacheReadTokens={} cacheWriteTokens={} "
                            + "reasoningTokens={} costPicoUsd={} priceTableVersion={} providerRequestId={} cause={}",
                    run.runId(), run.recipeId(), run.provider(), run.model(), run.keyId(), run.status().wireName(),
                    usage.inputTokens(), usage.outputTokens(), usage.cacheReadTokens(), usage.cacheWriteTokens(),
                    usage.reasoningTokens(), run.costPicoUsd(), run.priceTableVersion(), run.providerRequestId(),
                    SafeThrowables.describe(e));
            throw e;
        }
    }

    private BigInteger costOf(Target target, TokenUsage usage) {
        return costs.cost(target.provider(), target.selection().model(), usage).map(Cost::picoUsd).orElse(null);
    }

    private URI baseUrl(Target target) {
        return target.provider() == ProviderKind.OPENAI_COMPATIBLE ? URI.create(target.key().baseUrl())
                : providersConfiguration.baseUrlOf(target.provider());
    }

    private Duration timeout(Recipe recipe) {
        return recipe.timeoutSeconds() == null ? providersConfiguration.defaultTimeout()
                : Duration.ofSeconds(recipe.timeoutSeconds());
    }

    private static LocalDate day(Reads reads, Instant instant) {
        // The same computation usage queries use for their day boundaries (TenantTimeZones.dayOf).
        return LocalDate.ofInstant(instant, reads.zone());
    }

    private static long elapsedMs(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
