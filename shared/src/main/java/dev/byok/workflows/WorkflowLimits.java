package dev.byok.workflows;

import java.time.Duration;

/**
 * The limits a workflow lives within. The state machine definition (statemachines/workflow.asl.json) repeats the
 * run timeout; a test keeps the two equal.
 */
public final class WorkflowLimits {
    /** Steps per workflow: ten short steps still fit in {@link #RUN_TIMEOUT}, and the state stays small. */
    public static final int MAX_STEPS = 10;
    /** Step Functions' limit on a state's input or output: 256 KiB of UTF-8 JSON. */
    public static final int STATE_LIMIT_BYTES = 256 * 1024;
    /**
     * The most UTF-8 bytes one output token is assumed to take. English averages about 4, code and CJK text less per
     * token; 8 leaves room for unusual text. Whitespace runs can be single tokens of more, which is why the executor
     * also measures the real state after every step.
     */
    public static final int OUTPUT_BYTES_PER_TOKEN = 8;
    /** JSON escaping (quotes, backslashes, line breaks) at most doubles text in the state. */
    public static final int JSON_ESCAPE_FACTOR = 2;
    /** A workflow definition as JSON: it travels in the state, so it is bounded too. */
    public static final int MAX_DEFINITION_BYTES = 32 * 1024;
    /**
     * The whole run, all steps: a run answers an HTTP API request, whose integration timeout is 30 s. The workflows
     * function has 29 s, its Step Functions call 28 s, the state machine 27 s, so a slow run ends as a clear 504.
     */
    public static final Duration RUN_TIMEOUT = Duration.ofSeconds(27);

    private WorkflowLimits() {
    }
}
