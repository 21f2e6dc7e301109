package dev.byok.usage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The finest grain usage is counted at, per day: one aggregate item per (day, recipe, department, provider, model,
 * key, workflow) that had runs. Any {@code groupBy} combination is a roll-up of these items, so a query reads at most
 * days × active combinations items whatever the number of runs. {@code workflowId} is {@code "-"} for direct runs.
 */
public record AggregateDimensions(String recipeId, String department, String provider, String model, String keyId,
                                  String workflowId) {
    public static final String NO_WORKFLOW = "-";

    /** A stable 16-hex-digit id of the combination, used in the aggregate item's sort key. */
    public String hash() {
        String canonical = String.join("\u0000", recipeId, department, provider, model, keyId, workflowId);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
