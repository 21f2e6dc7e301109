package dev.byok.functions.recipes;

import dev.byok.error.ServiceException;
import dev.byok.logging.LogContext;
import dev.byok.logging.SafeThrowables;
import dev.byok.workflows.WorkflowState;
import dev.byok.workflows.WorkflowStepExecutor;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step task of the workflow state machine (statemachines/workflow.asl.json): invoked directly by Step Functions
 * ({@code lambda:invoke}) with a run's {@link WorkflowState}, it runs the next step through
 * {@link WorkflowStepExecutor} (input mapping, then the recipe exactly as {@code POST /recipes/{recipeId}/runs} runs
 * it) and answers the state after it. Failures are thrown as {@link StepFailedException} or
 * {@link StepRetryableException}, the same errors and JSON messages as {@link RecipeStepHandler}; the state machine
 * retries the retryable one and stops the run on any other. The local server runs the same executor in process.
 * Contract: docs/STEP-FUNCTIONS.md. Lambda handler name: {@code dev.byok.functions.recipes.WorkflowStepHandler}.
 */
public class WorkflowStepHandler extends MicronautRequestHandler<WorkflowState, WorkflowState> {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowStepHandler.class);

    @Inject
    WorkflowStepExecutor steps;

    /** Used by the Lambda runtime. */
    public WorkflowStepHandler() {
        super();
    }

    /** Used by tests to add configuration, as Lambda would with environment variables. */
    public WorkflowStepHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    public WorkflowState execute(WorkflowState state) {
        LogContext.clear();
        try {
            return steps.runNextStep(state);
        } catch (ServiceException e) {
            LOG.info("workflow step failed: code={} status={}", e.errorCode().code(), e.errorCode().status());
            throw StepFailedException.of(e);
        } catch (RuntimeException e) {
            LOG.error("workflow step failed unexpectedly: {}", SafeThrowables.describe(e));
            throw StepFailedException.unexpected(e);
        } finally {
            LogContext.clear();
        }
    }
}
