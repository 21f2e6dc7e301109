package dev.byok.functions.recipes;

import dev.byok.error.ServiceException;
import dev.byok.logging.LogContext;
import dev.byok.logging.SafeThrowables;
import dev.byok.runs.RunResult;
import dev.byok.runs.RunService;
import dev.byok.runs.StepRunRequest;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Step Functions task handler of recipe execution: a state machine invokes it directly ({@code lambda:invoke},
 * not through the HTTP API) with a {@link StepRunRequest} and gets the same {@link RunResult} a
 * {@code POST /recipes/{recipeId}/runs} returns, so a workflow can chain recipes with a different model per step.
 * Failures are thrown as {@link StepFailedException} (retrying cannot help) or {@link StepRetryableException}
 * (rate limits, unavailability, timeouts: a state machine may {@code Retry} them); the message is a JSON object with
 * the stable error code and ids, never provider text, prompts, inputs or outputs. Contract: docs/STEP-FUNCTIONS.md.
 * Lambda handler name: {@code dev.byok.functions.recipes.RecipeStepHandler}.
 */
public class RecipeStepHandler extends MicronautRequestHandler<StepRunRequest, RunResult> {
    private static final Logger LOG = LoggerFactory.getLogger(RecipeStepHandler.class);

    @Inject
    RunService runs;

    /** Used by the Lambda runtime. */
    public RecipeStepHandler() {
        super();
    }

    /** Used by tests to add configuration, as Lambda would with environment variables. */
    public RecipeStepHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    public RunResult execute(StepRunRequest input) {
        LogContext.clear();
        try {
            return runs.runStep(input);
        } catch (ServiceException e) {
            LOG.info("step failed: code={} status={}", e.errorCode().code(), e.errorCode().status());
            throw StepFailedException.of(e);
        } catch (RuntimeException e) {
            LOG.error("step failed unexpectedly: {}", SafeThrowables.describe(e));
            throw StepFailedException.unexpected(e);
        } finally {
            LogContext.clear();
        }
    }
}
