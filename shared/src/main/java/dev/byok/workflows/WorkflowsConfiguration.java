package dev.byok.workflows;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.Set;

/**
 * How workflow runs are executed ({@code BYOK_WORKFLOW_RUNNER}): {@code step-functions} in the workflows function in
 * AWS (with {@code BYOK_WORKFLOW_STATE_MACHINE_ARN}), {@code in-process} in the local server, {@code none} in the
 * functions that never run workflows (no runner, no Step Functions client).
 */
@ConfigurationProperties("byok.workflows")
public record WorkflowsConfiguration(@Bindable(defaultValue = "none") String runner,
                                     @Nullable String stateMachineArn) {
    public static final String STEP_FUNCTIONS = "step-functions";
    public static final String IN_PROCESS = "in-process";
    public static final String RUNNER_PROPERTY = "byok.workflows.runner";

    public WorkflowsConfiguration {
        if (!Set.of("none", STEP_FUNCTIONS, IN_PROCESS).contains(runner)) {
            throw new IllegalArgumentException("byok.workflows.runner must be none, step-functions or in-process");
        }
        if (STEP_FUNCTIONS.equals(runner) && (stateMachineArn == null || stateMachineArn.isBlank())) {
            throw new IllegalArgumentException("byok.workflows.state-machine-arn must be set for step-functions");
        }
    }
}
