package dev.byok.workflows;

/**
 * Port: runs a workflow run from its first state to its end, each step through {@link WorkflowStepExecutor}.
 * {@link StepFunctionsWorkflowRunner} in AWS (the Express state machine, synchronously),
 * {@link InProcessWorkflowRunner} locally; both follow statemachines/workflow.asl.json.
 */
public interface WorkflowRunner {
    /** Runs every step in order until the last succeeds, one fails (after its retries) or the run times out. */
    WorkflowOutcome run(WorkflowState initial);
}
