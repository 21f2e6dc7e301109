package dev.byok.runs;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The provider answered, but not with JSON matching the recipe's output schema. The run is recorded with status
 * {@code invalid_output} (its tokens were spent); the caller gets where the reply broke the schema, never the reply.
 */
public class InvalidOutputException extends ServiceException {
    public InvalidOutputException(List<String> violations, String runId, String provider, String providerRequestId) {
        super(ErrorCode.INVALID_OUTPUT, "The " + provider + " reply does not match the recipe's output schema.",
                violations, extensions(runId, provider, providerRequestId), null);
    }

    private static Map<String, Object> extensions(String runId, String provider, String providerRequestId) {
        Map<String, Object> extensions = new HashMap<>();
        extensions.put("runId", runId);
        extensions.put("provider", provider);
        if (providerRequestId != null) {
            extensions.put("providerRequestId", providerRequestId);
        }
        return extensions;
    }
}
