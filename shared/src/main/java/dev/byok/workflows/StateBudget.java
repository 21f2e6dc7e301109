package dev.byok.workflows;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Set;

/**
 * How large a run's Step Functions state can grow, known before anything runs: Step Functions refuses a state over
 * 256 KiB ({@link WorkflowLimits#STATE_LIMIT_BYTES}), and finding that out after step 1 would mean tokens spent for a
 * run that cannot finish. The state only grows while a run goes on (outputs and metadata are added), so its largest
 * size is after the last step:
 * <pre>
 *   the initial state, exactly (tenant, ids, definition, workflow input; non-ASCII counted as \\u escapes)
 * + for every step whose output is kept (referenced by a later mapping, and the last step's):
 *       maxOutputTokens × {@value WorkflowLimits#OUTPUT_BYTES_PER_TOKEN} bytes per token
 *       × {@value WorkflowLimits#JSON_ESCAPE_FACTOR} for JSON escaping, + its name
 * + {@value #STEP_REPORT_BYTES} bytes of metadata per step
 * + {@value #OVERHEAD_BYTES} bytes for what Step Functions adds (the Lambda result around the payload, a failed
 *   step's error and cause on the failure path)
 * </pre>
 * The providers enforce {@code maxOutputTokens}; the bytes per token are an assumption, so the step executor also
 * measures the real state after every step ({@link #sizeOf}) and stops a run that would still overflow.
 */
public final class StateBudget {
    /** A step's metadata in the state (ids, a model name of at most 200 characters, counters, cost) stays below. */
    static final int STEP_REPORT_BYTES = 1024;
    /** What Step Functions adds around the state: the Lambda invoke result, and the failure path's error and cause. */
    static final int OVERHEAD_BYTES = 16 * 1024;

    private StateBudget() {
    }

    /**
     * The parts of a run's worst case.
     *
     * @param initialBytes the state the run starts with
     * @param outputBytes  the largest the kept step outputs can be
     */
    public record Estimate(long initialBytes, long outputBytes, long metadataBytes, long overheadBytes) {
        public long totalBytes() {
            return initialBytes + outputBytes + metadataBytes + overheadBytes;
        }

        public boolean fits() {
            return totalBytes() <= WorkflowLimits.STATE_LIMIT_BYTES;
        }
    }

    /**
     * The worst case of a run that starts in {@code initial}.
     *
     * @param maxOutputTokens each step's {@code maxOutputTokens}, in step order
     */
    public static Estimate estimate(WorkflowState initial, List<Integer> maxOutputTokens, ObjectMapper mapper) {
        List<WorkflowStep> steps = initial.steps();
        Set<String> kept = InputMapping.referencedSteps(steps);
        long outputs = 0;
        for (int i = 0; i < steps.size(); i++) {
            boolean last = i == steps.size() - 1;
            if (last || kept.contains(steps.get(i).name())) {
                outputs += (long) maxOutputTokens.get(i) * WorkflowLimits.OUTPUT_BYTES_PER_TOKEN
                        * WorkflowLimits.JSON_ESCAPE_FACTOR + steps.get(i).name().length() + 8;
            }
        }
        return new Estimate(sizeOf(initial, mapper), outputs, (long) steps.size() * STEP_REPORT_BYTES,
                OVERHEAD_BYTES);
    }

    /**
     * The size of a state as JSON, with every non-ASCII character written as a {@code \\u} escape: at least as
     * large as UTF-8, so the count holds however Step Functions serialises it.
     */
    public static long sizeOf(Object state, ObjectMapper mapper) {
        try {
            return mapper.writer().with(JsonGenerator.Feature.ESCAPE_NON_ASCII).writeValueAsBytes(state).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("workflow state could not be serialised", e);
        }
    }
}
