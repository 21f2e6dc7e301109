package dev.byok.recipes;

import dev.byok.error.ErrorCode;
import dev.byok.error.RequestValidator;
import dev.byok.error.ServiceException;
import dev.byok.ids.Ids;
import dev.byok.jsonschema.JsonSchemas;
import dev.byok.keys.KeyRepository;
import dev.byok.keys.ProviderKey;
import dev.byok.logging.LogContext;
import dev.byok.providers.ProviderKind;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Creates, reads, updates (versioned) and deletes a tenant's recipes, validating everything before it is stored. */
@Singleton
public class RecipeService {
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 1024;
    public static final int MAX_TIMEOUT_SECONDS = 28;
    private static final Logger LOG = LoggerFactory.getLogger(RecipeService.class);
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}");
    private static final int MAX_TEMPLATE = 200_000;

    private final RecipeRepository recipes;
    private final KeyRepository keys;
    private final JsonSchemas schemas;
    private final Clock clock;

    public RecipeService(RecipeRepository recipes, KeyRepository keys, JsonSchemas schemas) {
        this(recipes, keys, schemas, Clock.systemUTC());
    }

    RecipeService(RecipeRepository recipes, KeyRepository keys, JsonSchemas schemas, Clock clock) {
        this.recipes = recipes;
        this.keys = keys;
        this.schemas = schemas;
        this.clock = clock;
    }

    public Recipe create(AuthenticatedPrincipal principal, RecipeRequest request) {
        LogContext.putTenant(principal.tenant());
        validate(principal.tenant(), request);
        Instant now = clock.instant();
        Recipe recipe = build(Ids.recipeId(), request, 1, now, now);
        recipes.create(principal.tenant(), recipe);
        LogContext.put(LogContext.RECIPE, recipe.recipeId());
        LOG.info("recipe created: version=1");
        return recipe;
    }

    public Recipe get(AuthenticatedPrincipal principal, String recipeId) {
        return require(principal.tenant(), recipeId);
    }

    public List<Recipe> list(AuthenticatedPrincipal principal) {
        return recipes.list(principal.tenant());
    }

    public Recipe update(AuthenticatedPrincipal principal, String recipeId, RecipeRequest request) {
        LogContext.putTenant(principal.tenant());
        Recipe current = require(principal.tenant(), recipeId);
        validate(principal.tenant(), request);
        Recipe updated = build(recipeId, request, current.version() + 1, current.createdAt(), clock.instant());
        if (!recipes.replace(principal.tenant(), updated, current.version())) {
            throw new ServiceException(ErrorCode.CONFLICT,
                    "The recipe was changed by another request; read it again and retry.");
        }
        LogContext.put(LogContext.RECIPE, recipeId);
        LOG.info("recipe updated: version={}", updated.version());
        return updated;
    }

    public void delete(AuthenticatedPrincipal principal, String recipeId) {
        LogContext.putTenant(principal.tenant());
        if (!Ids.looksLikeId(recipeId) || !recipes.delete(principal.tenant(), recipeId)) {
            throw new RecipeNotFoundException(recipeId);
        }
        LogContext.put(LogContext.RECIPE, recipeId);
        LOG.info("recipe deleted");
    }

    public Recipe require(TenantId tenant, String recipeId) {
        if (!Ids.looksLikeId(recipeId)) {
            throw new RecipeNotFoundException(recipeId);
        }
        return recipes.find(tenant, recipeId).orElseThrow(() -> new RecipeNotFoundException(recipeId));
    }

    private static Recipe build(String recipeId, RecipeRequest request, int version, Instant createdAt,
                                Instant updatedAt) {
        RecipeParameters parameters = request.parameters() == null ? new RecipeParameters(null, null)
                : request.parameters();
        return new Recipe(recipeId, request.name().strip(), request.department().strip(), request.system(),
                request.template(), request.inputSchema(), request.outputSchema(), request.model(),
                new RecipeParameters(parameters.maxOutputTokens() == null ? DEFAULT_MAX_OUTPUT_TOKENS
                        : parameters.maxOutputTokens(), parameters.temperature()),
                request.timeoutSeconds(), request.fallback(), version, createdAt, updatedAt);
    }

    private void validate(TenantId tenant, RecipeRequest request) {
        RequestValidator validator = new RequestValidator();
        if (request == null) {
            validator.require(false, "a JSON body is required").throwIfInvalid("The recipe is not valid.");
        }
        validator.requireLine(request.name(), "name", 200)
                .requireLine(request.department(), "department", 100)
                .requireText(request.template(), "template", MAX_TEMPLATE)
                .optionalText(request.system(), "system", MAX_TEMPLATE);
        if (request.inputSchema() != null) {
            schemas.problemsOf(request.inputSchema(), "inputSchema").forEach(problem -> validator.require(false,
                    problem));
        }
        if (request.outputSchema() != null) {
            // Every provider's structured-output mode wants an object at the root.
            validator.require("object".equals(request.outputSchema().get("type")),
                    "outputSchema must describe an object (\"type\": \"object\" at the root)");
            schemas.problemsOf(request.outputSchema(), "outputSchema").forEach(problem -> validator.require(false,
                    problem));
        }
        validateSelection(tenant, request.model(), "model", true, validator);
        validateSelection(tenant, request.fallback(), "fallback", false, validator);
        RecipeParameters parameters = request.parameters();
        if (parameters != null) {
            validator.require(parameters.maxOutputTokens() == null
                            || (parameters.maxOutputTokens() >= 1 && parameters.maxOutputTokens() <= 200_000),
                    "parameters.maxOutputTokens must be between 1 and 200000")
                    .require(parameters.temperature() == null
                                    || (parameters.temperature() >= 0 && parameters.temperature() <= 2),
                            "parameters.temperature must be between 0 and 2");
        }
        validator.require(request.timeoutSeconds() == null
                        || (request.timeoutSeconds() >= 1 && request.timeoutSeconds() <= MAX_TIMEOUT_SECONDS),
                "timeoutSeconds must be between 1 and " + MAX_TIMEOUT_SECONDS);
        validator.throwIfInvalid("The recipe is not valid.");
    }

    /**
     * Checks a model selection, including that its key exists for this tenant and belongs to the same provider.
     * Also used for per-run overrides.
     */
    public void validateSelection(TenantId tenant, ModelSelection selection, String field, boolean required,
                                  RequestValidator validator) {
        validateSelection(selection, field, required, validator, keyId -> keys.find(tenant, keyId));
    }

    /**
     * {@link #validateSelection(TenantId, ModelSelection, String, boolean, RequestValidator)} with the tenant's keys
     * looked up by {@code keyLookup}, e.g. among keys the caller has just read (a run reads its override's key
     * together with the recipe). It is asked only for a well-formed key id of a known provider.
     */
    public void validateSelection(ModelSelection selection, String field, boolean required,
                                  RequestValidator validator, Function<String, Optional<ProviderKey>> keyLookup) {
        if (selection == null) {
            validator.require(!required, field + " is required");
            return;
        }
        Optional<ProviderKind> provider = ProviderKind.fromWireName(selection.provider());
        validator.require(provider.isPresent(), field + ".provider must be one of: " + ProviderKind.allWireNames())
                .require(selection.model() != null && MODEL_NAME.matcher(selection.model()).matches(),
                        field + ".model must be a model id of up to 200 characters")
                .require(Ids.looksLikeId(selection.keyId()), field + ".keyId must name one of your keys");
        if (provider.isPresent() && Ids.looksLikeId(selection.keyId())) {
            Optional<ProviderKey> key = keyLookup.apply(selection.keyId());
            validator.require(key.isPresent(), field + ".keyId must name one of your keys")
                    .require(key.isEmpty() || key.get().provider() == provider.get(),
                            field + ".keyId is a key of another provider");
        }
    }
}
