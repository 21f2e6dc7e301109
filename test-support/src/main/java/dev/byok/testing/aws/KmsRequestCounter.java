package dev.byok.testing.aws;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the KMS calls a moto server received, whoever made them: the counting happens inside the emulator (see
 * {@link MotoServer#requestCounts()}), so clients built by the application are counted too. Counts are per server, not
 * per test: {@link #reset()} first, and don't run tests that call KMS in parallel with one that counts.
 *
 * <pre>{@code
 * KmsRequestCounter kmsCalls = localAws.kmsRequests();
 * kmsCalls.reset();
 * handler.handleRequest(warmEvent, context);
 * assertEquals(0, kmsCalls.total(), () -> "KMS calls: " + kmsCalls.byOperation());
 * }</pre>
 */
public final class KmsRequestCounter {

    /** The {@code X-Amz-Target} prefix of KMS operations. */
    public static final String TARGET_PREFIX = "TrentService.";

    private final MotoServer moto;

    public KmsRequestCounter(MotoServer moto) {
        this.moto = moto;
    }

    /** Resets the counts of all services (the server has a single counter). */
    public void reset() {
        moto.resetRequestCounts();
    }

    /** KMS calls by operation name ({@code Decrypt}, {@code GenerateDataKey}, ...). */
    public Map<String, Long> byOperation() {
        Map<String, Long> result = new TreeMap<>();
        moto.requestCounts().forEach((action, count) -> {
            if (action.startsWith(TARGET_PREFIX)) {
                result.put(action.substring(TARGET_PREFIX.length()), count);
            }
        });
        return Map.copyOf(result);
    }

    /** All KMS calls since the last reset. */
    public long total() {
        return byOperation().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Calls of one operation, e.g. {@code count("Decrypt")}. */
    public long count(String operation) {
        return byOperation().getOrDefault(operation, 0L);
    }
}
