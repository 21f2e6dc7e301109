package dev.byok.ids;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Resource ids: a type prefix and Crockford base32. Run ids start with the creation time so they sort by time.
 * The random source is created on first use, never during initialisation, so a SnapStart snapshot holds no random
 * state that restored environments would share.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final Pattern ID = Pattern.compile("[a-z]{3}_[0-9a-z]{10,32}");

    private Ids() {
    }

    public static SecureRandom secureRandom() {
        return Holder.RANDOM;
    }

    public static String keyId() {
        return "key_" + randomChars(20);
    }

    public static String recipeId() {
        return "rcp_" + randomChars(20);
    }

    public static String auditId() {
        return "aud_" + randomChars(16);
    }

    public static String workflowId() {
        return "wfl_" + randomChars(20);
    }

    /** A workflow run id, time-ordered like a run id; also the name of the run's Step Functions execution. */
    public static String workflowRunId(Instant startedAt) {
        return "wfr_" + runId(startedAt).substring("run_".length());
    }

    /** A run id: 10 characters of milliseconds since the epoch, then 16 random characters. */
    public static String runId(Instant createdAt) {
        StringBuilder id = new StringBuilder("run_");
        long millis = createdAt.toEpochMilli();
        char[] time = new char[10];
        for (int i = 9; i >= 0; i--) {
            time[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        return id.append(time).append(randomChars(16)).toString();
    }

    /** Whether {@code value} has the shape of an id this code base issues (checked before it is used in a key). */
    public static boolean looksLikeId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    private static String randomChars(int count) {
        byte[] bytes = new byte[count];
        secureRandom().nextBytes(bytes);
        char[] chars = new char[count];
        for (int i = 0; i < count; i++) {
            chars[i] = ALPHABET[bytes[i] & 31];
        }
        return new String(chars);
    }

    private static final class Holder {
        private static final SecureRandom RANDOM = new SecureRandom();
    }
}
