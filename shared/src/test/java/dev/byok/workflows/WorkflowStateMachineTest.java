package dev.byok.workflows;

import dev.byok.runs.StepFailure;
import dev.byok.testing.aws.MotoServer;
import dev.byok.testing.lambda.LambdaEvents;
import dev.byok.workflows.ScriptedSteps.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static dev.byok.workflows.ScriptedSteps.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The workflow state machine as template.yaml deploys it (statemachines/workflow.asl.json, unchanged), executed by
 * moto's Step Functions interpreter and started by {@link StepFunctionsWorkflowRunner} with {@code
 * StartSyncExecution}. moto cannot run the Java step task: its Lambda answers each invocation with what the script
 * says the step handler would answer (the next state, or the handler's error). This exercises the state machine's
 * own control flow, the loop over the steps, the retry, the failure path to the Fail state and the timeout, and the
 * adapter reading each ending back. Each scenario also runs through {@link InProcessWorkflowRunner} with the same
 * script, and both must end the same way: the local path cannot drift from the deployed one.
 */
class WorkflowStateMachineTest {
    private static final String STEP_FUNCTION =
            "arn:aws:lambda:us-east-1:123456789012:function:byok-workflow-step:live";
    private static MotoServer moto;
    private static SfnClient sfn;
    private static String stateMachineArn;
    private static String quickTimeoutArn;

    @BeforeAll
    static void createStateMachine() throws Exception {
        // A server of its own: Step Functions execution must be switched on before the state machine is created.
        moto = MotoServer.start();
        moto.configure("{\"stepfunctions\":{\"execute_state_machine\":true},\"lambda\":{\"use_docker\":false}}");
        sfn = SfnClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                // AWS serves StartSyncExecution at sync-states.<region>; moto is one host on loopback.
                .overrideConfiguration(o -> o.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION,
                        true))
                .build();
        String definition = Files.readString(LambdaEvents.repositoryRoot().resolve("statemachines/workflow.asl.json"))
                .replace("${WorkflowStepFunctionArn}", STEP_FUNCTION);
        stateMachineArn = create("byok-workflow", definition);
        quickTimeoutArn = create("byok-workflow-1s", definition.replace("\"TimeoutSeconds\": 27",
                "\"TimeoutSeconds\": 1"));
    }

    private static String create(String name, String definition) {
        return sfn.createStateMachine(request -> request.name(name).definition(definition)
                .roleArn("arn:aws:iam::123456789012:role/byok-workflow").type(StateMachineType.EXPRESS))
                .stateMachineArn();
    }

    @AfterAll
    static void stop() {
        if (sfn != null) {
            sfn.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    private static long lambdaInvocations() {
        return moto.requestCounts().entrySet().stream().filter(count -> count.getKey().startsWith("lambda."))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Runs the script on the state machine; returns the outcome and checks how often the step task ran. */
    private static WorkflowOutcome onStepFunctions(String arn, WorkflowState initial, List<Outcome> script,
                                                   int expectedInvocations) {
        moto.queueLambdaResults("us-east-1", ScriptedSteps.lambdaResults(initial, script));
        moto.resetRequestCounts();
        WorkflowOutcome outcome = new StepFunctionsWorkflowRunner(sfn,
                new WorkflowsConfiguration(WorkflowsConfiguration.STEP_FUNCTIONS, arn), JSON).run(initial);
        assertEquals(expectedInvocations, lambdaInvocations(), "step task invocations");
        return outcome;
    }

    private static WorkflowOutcome inProcess(WorkflowState initial, List<Outcome> script) {
        return new InProcessWorkflowRunner(new ScriptedSteps.Executor(script), JSON, duration -> { }).run(initial);
    }

    @Test
    void the_state_machine_loops_over_every_step_and_ends_with_the_last_output_and_all_metadata() {
        WorkflowState initial = ScriptedSteps.initial(3);
        List<Outcome> script = List.of(Outcome.SUCCEED, Outcome.SUCCEED, Outcome.SUCCEED);

        WorkflowOutcome outcome = onStepFunctions(stateMachineArn, initial, script, 3);

        WorkflowOutcome.Succeeded succeeded = assertInstanceOf(WorkflowOutcome.Succeeded.class, outcome);
        assertEquals("final ünïcödé 🌱", succeeded.output());
        assertEquals(List.of("s0", "s1", "s2"), succeeded.steps().stream().map(WorkflowStepReport::stepName).toList());
        assertEquals(inProcess(initial, script), outcome);
    }

    @Test
    void a_failed_step_goes_to_the_fail_state_with_its_error_and_the_steps_before_it_and_nothing_runs_after_it() {
        WorkflowState initial = ScriptedSteps.initial(3);
        // The script ends at the failure: a third invocation would find nothing queued and fail the count below.
        List<Outcome> script = List.of(Outcome.SUCCEED, Outcome.FAIL);

        WorkflowOutcome outcome = onStepFunctions(stateMachineArn, initial, script, 2);

        WorkflowOutcome.StepFailed failed = assertInstanceOf(WorkflowOutcome.StepFailed.class, outcome);
        assertEquals(1, failed.stepIndex());
        assertEquals(StepFailure.FAILED_ERROR, failed.error());
        assertEquals("invalid_request", failed.failure().get("code").asText());
        assertEquals("stepIndex must name a step", failed.failure().get("errors").get(0).asText());
        assertEquals(List.of("s0"), failed.steps().stream().map(WorkflowStepReport::stepName).toList());
        assertEquals(inProcess(initial, script), outcome);
    }

    @Test
    void a_retryable_step_error_is_retried_by_the_state_machine_and_the_run_goes_on() {
        WorkflowState initial = ScriptedSteps.initial(2);
        List<Outcome> script = List.of(Outcome.SUCCEED, Outcome.FAIL_RETRYABLY, Outcome.SUCCEED);

        WorkflowOutcome outcome = onStepFunctions(stateMachineArn, initial, script, 3);

        assertInstanceOf(WorkflowOutcome.Succeeded.class, outcome);
        assertEquals(inProcess(initial, script), outcome);
    }

    @Test
    void a_retryable_error_that_persists_after_the_retry_fails_the_run_with_that_error() {
        WorkflowState initial = ScriptedSteps.initial(2);
        List<Outcome> script = List.of(Outcome.FAIL_RETRYABLY, Outcome.FAIL_RETRYABLY);

        WorkflowOutcome outcome = onStepFunctions(stateMachineArn, initial, script, 2);

        WorkflowOutcome.StepFailed failed = assertInstanceOf(WorkflowOutcome.StepFailed.class, outcome);
        assertEquals(0, failed.stepIndex());
        assertEquals(StepFailure.RETRYABLE_ERROR, failed.error());
        assertEquals("provider_unavailable", failed.failure().get("code").asText());
        assertEquals(List.of(), failed.steps());
        assertEquals(inProcess(initial, script), outcome);
    }

    @Test
    void a_run_that_outlasts_the_state_machine_timeout_is_reported_as_timed_out() {
        // The same definition with a 1 s timeout: the retry's 2 s pause outlasts it.
        WorkflowState initial = ScriptedSteps.initial(1);

        WorkflowOutcome outcome = onStepFunctions(quickTimeoutArn, initial, List.of(Outcome.FAIL_RETRYABLY), 1);

        assertInstanceOf(WorkflowOutcome.TimedOut.class, outcome);
    }
}
