package dev.byok.runs;

import dev.byok.error.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What makes two run requests "the same run": the caller's {@code Idempotency-Key} header, or a Step Functions
 * execution and step. Only a SHA-256 digest is kept (the raw value is the caller's and may be meaningful to them).
 *
 * @param digest 64 hex characters
 */
public record IdempotencyKey(String digest) {
    public static final String HEADER = "Idempotency-Key";
    private static final Pattern HEADER_VALUE = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    /** The key of a header value, null when there is no header; an unusable value is a 400. */
    public static IdempotencyKey fromHeader(String value) {
        if (value == null) {
            return null;
        }
        if (!HEADER_VALUE.matcher(value).matches()) {
            throw new InvalidRequestException("The Idempotency-Key header is not valid.", List.of(HEADER
                    + " must be 1 to 128 characters of A-Z, a-z, 0-9, '_', '.', ':' and '-'"));
        }
        return new IdempotencyKey(sha256("header\n" + value));
    }

    /** The key of one step of one state machine execution: a retried or repeated step invocation shares it. */
    public static IdempotencyKey forStep(String executionId, String stepName) {
        return new IdempotencyKey(sha256("step\n" + executionId + "\n" + stepName));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
