package dev.byok.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.byok.error.RequestValidator;
import dev.byok.ids.Ids;
import dev.byok.keys.KeyRepository;
import dev.byok.keys.KeyResolver;
import dev.byok.keys.ProviderKey;
import dev.byok.logging.LogContext;
import dev.byok.pricing.Cost;
import dev.byok.pricing.CostCalculator;
import dev.byok.providers.CompletionRequest;
import dev.byok.providers.CompletionResult;
import dev.byok.providers.ProviderClients;
import dev.byok.providers.ProviderCredential;
import dev.byok.providers.ProviderErrorClass;
import dev.byok.providers.ProviderException;
import dev.byok.providers.ProviderKind;
import dev.byok.providers.ProvidersConfiguration;
import dev.byok.providers.TokenUsage;
import dev.byok.recipes.ModelSelection;
import dev.byok.recipes.PromptTemplate;
import dev.byok.recipes.Recipe;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a recipe: load recipe and key, render the prompt strictly, decrypt the key (or take it from the cache), call
 * the provider directly, price the usage, record metadata only, return the output. Every check that can fail does so
 * before the provider is called, so a rejected run spends nothing and writes nothing.
 */
@Singleton
public class RunService {
    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

    private final RecipeService recipes;
    private final KeyRepository keys;
    private final KeyResolver keyResolver;
    private final ProviderClients providers;
    private final ProvidersConfiguration providersConfiguration;
    private final CostCalculator costs;
    private final RunRecorder recorder;
    private final TenantTimeZones timeZones;
    private final ObjectMapper mapper;
    private final Clock clock;

    public RunService(RecipeService recipes, KeyRepository keys, KeyResolver keyResolver, ProviderClients providers,
                      ProvidersConfiguration providersConfiguration, CostCalculator costs, RunRecorder recorder,
                      TenantTimeZones timeZones, ObjectMapper mapper) {
        this(recipes, keys, keyResolver, providers, providersConfiguration, costs, recorder, timeZones, mapper,
                Clock.systemUTC());
    }

    RunService(RecipeService recipes, KeyRepository keys, KeyResolver keyResolver, ProviderClients providers,
               ProvidersConfiguration providersConfiguration, CostCalculator costs, RunRecorder recorder,
               TenantTimeZones timeZones, ObjectMapper mapper, Clock clock) {
        this.recipes = recipes;
        this.keys = keys;
        this.keyResolver = keyResolver;
        this.providers = providers;
        this.providersConfiguration = providersConfiguration;
        this.costs = costs;
        this.recorder = recorder;
        this.timeZones = timeZones;
        this.mapper = mapper;
        this.clock = clock;
    }

    public RunResult run(AuthenticatedPrincipal principal, String recipeId, RunRequest request) {
        long started = System.nanoTime();
        Instant createdAt = clock.instant();
        TenantId tenant = principal.tenant();
        LogContext.putTenant(tenant);
        Recipe recipe = recipes.require(tenant, recipeId);
        LogContext.put(LogContext.RECIPE, recipeId);

        RunRequest body = request == null ? new RunRequest(null, null, null) : request;
        ModelSelection selection = body.model() != null ? body.model() : recipe.model();
        String department = body.department() != null ? body.department().strip() : recipe.department();
        RequestValidator validator = new RequestValidator();
        if (body.model() != null) {
            recipes.validateSelection(tenant, body.model(), "model", true, validator);
        }
        validator.require(body.department() == null || (!department.isEmpty() && department.length() <= 100),
                "department must be 1 to 100 characters");
        validator.throwIfInvalid("The run request is not valid.");

        JsonNode input = body.input() == null ? JsonNodeFactory.instance.objectNode()
                : mapper.valueToTree(body.input());
        PromptTemplate system = PromptTemplate.of(recipe.system());
        PromptTemplate template = PromptTemplate.of(recipe.template());
        List<String> missing = new ArrayList<>(system.missing(input));
        template.missing(input).stream().filter(name -> !missing.contains(name)).forEach(missing::add);
        if (!missing.isEmpty()) {
            throw new InvalidInputException("The input lacks values for template variables: "
                    + String.join(", ", missing) + ".", missing.stream().map(name -> "input." + name
                    + " is required by the template").toList());
        }

        ProviderKey key = keys.find(tenant, selection.keyId())
                .orElseThrow(() -> new KeyUnavailableException(selection.keyId()));
        ProviderKind provider = selection.kind();
        String runId = Ids.runId(createdAt);
        LogContext.put(LogContext.RUN, runId);
        LogContext.put(LogContext.KEY, key.keyId());

        ProviderCredential credential = keyResolver.credentialFor(tenant, key);
        CompletionRequest completion = new CompletionRequest(baseUrl(provider, key), selection.model(),
                system.render(input), template.render(input), recipe.parameters().maxOutputTokens(),
                recipe.parameters().temperature(), timeout(recipe), recipe.outputSchema());

        CompletionResult result;
        try {
            result = providers.forKind(provider).complete(completion, credential);
        } catch (ProviderException failure) {
            if (failure.errorClass() == ProviderErrorClass.AUTH) {
                keyResolver.forget(tenant, key.keyId());
            }
            long latencyMs = elapsedMs(started);
            record(tenant, new RunRecord(runId, recipeId, recipe.version(), department, provider.wireName(),
                    selection.model(), key.keyId(), RunStatus.FAILED, failure.errorClass().recordedName(),
                    TokenUsage.NONE, costOf(provider, selection.model(), TokenUsage.NONE), costs.priceTableVersion(),
                    latencyMs, latencyMs, 1, failure.providerRequestId(), createdAt, day(tenant, createdAt), null, null,
                    null, null));
            LOG.warn("run failed at provider: errorClass={} providerStatus={}", failure.errorClass().recordedName(),
                    failure.httpStatus());
            throw new ProviderCallException(failure, runId, provider.wireName());
        }

        TokenUsage usage = result.usage();
        BigInteger cost = usage == null ? null : costOf(provider, selection.model(), usage);
        long latencyMs = elapsedMs(started);
        long providerMs = result.providerLatency().toMillis();
        record(tenant, new RunRecord(runId, recipeId, recipe.version(), department, provider.wireName(),
                selection.model(), key.keyId(), RunStatus.SUCCEEDED, null, usage, cost, costs.priceTableVersion(),
                latencyMs, providerMs, 1, result.providerRequestId(), createdAt, day(tenant, createdAt), null, null, null,
                null));
        LOG.info("run succeeded: provider={} latencyMs={} providerLatencyMs={}", provider.wireName(), latencyMs,
                providerMs);
        return new RunResult(runId, RunStatus.SUCCEEDED.wireName(), result.text(), UsageView.of(usage),
                cost == null ? null : Cost.usdString(cost), costs.priceTableVersion(), provider.wireName(),
                selection.model(), recipeId, recipe.version(), latencyMs, providerMs, 1, result.providerRequestId());
    }

    private void record(TenantId tenant, RunRecord run) {
        recorder.record(tenant, run);
    }

    private BigInteger costOf(ProviderKind provider, String model, TokenUsage usage) {
        return costs.cost(provider, model, usage).map(Cost::picoUsd).orElse(null);
    }

    private URI baseUrl(ProviderKind provider, ProviderKey key) {
        return provider == ProviderKind.OPENAI_COMPATIBLE ? URI.create(key.baseUrl())
                : providersConfiguration.baseUrlOf(provider);
    }

    private Duration timeout(Recipe recipe) {
        return recipe.timeoutSeconds() == null ? providersConfiguration.defaultTimeout()
                : Duration.ofSeconds(recipe.timeoutSeconds());
    }

    private LocalDate day(TenantId tenant, Instant instant) {
        return LocalDate.ofInstant(instant, timeZones.zoneOf(tenant));
    }

    private static long elapsedMs(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
