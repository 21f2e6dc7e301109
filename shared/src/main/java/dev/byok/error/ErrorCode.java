package dev.byok.error;

/**
 * The stable error codes of the HTTP API. Each code has one HTTP status and one title; clients branch on
 * {@link #code()}.
 * Adding a code is backwards compatible; renaming one is not.
 */
public enum ErrorCode {
    INVALID_REQUEST(400, "invalid_request", "The request is not valid"),
    INVALID_INPUT(400, "invalid_input", "The run input is not valid for this recipe"),
    UNAUTHENTICATED(401, "unauthenticated", "Authentication is required"),
    NOT_FOUND(404, "not_found", "Not found"),
    RECIPE_NOT_FOUND(404, "recipe_not_found", "Recipe not found"),
    KEY_NOT_FOUND(404, "key_not_found", "Key not found"),
    WORKFLOW_NOT_FOUND(404, "workflow_not_found", "Workflow not found"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not_acceptable", "Not acceptable"),
    /** A run references a key that no longer exists (deleted); 409 because the recipe itself is fine. */
    KEY_UNAVAILABLE(409, "key_not_found", "The recipe's key is not available"),
    CONFLICT(409, "conflict", "Conflict"),
    /** A run with this idempotency key was already recorded; its output was not kept, so it cannot be replayed. */
    DUPLICATE_RUN(409, "duplicate_run", "A run with this idempotency key was already recorded"),
    PAYLOAD_TOO_LARGE(413, "payload_too_large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "Unsupported media type"),
    PROVIDER_BAD_REQUEST(502, "provider_bad_request", "The provider rejected the request"),
    PROVIDER_AUTH(502, "provider_auth", "The provider rejected the API key"),
    PROVIDER_RATE_LIMITED(429, "provider_rate_limited", "The provider is rate limiting this key"),
    PROVIDER_QUOTA_EXHAUSTED(429, "provider_quota_exhausted", "The provider account has no remaining quota"),
    PROVIDER_UNAVAILABLE(502, "provider_unavailable", "The provider is unavailable"),
    PROVIDER_TIMEOUT(504, "provider_timeout", "The provider did not answer in time"),
    /** The provider blocked the prompt or refused to answer (safety filters, refusals). */
    PROVIDER_CONTENT_FILTERED(422, "provider_content_filtered", "The provider refused or filtered the content"),
    INVALID_OUTPUT(502, "invalid_output", "The provider's output does not match the recipe's output schema"),
    /** A workflow run did not finish within the time a synchronous run has (the HTTP API's 30 s). */
    WORKFLOW_TIMEOUT(504, "workflow_timeout", "The workflow did not finish in time"),
    INTERNAL_ERROR(500, "internal_error", "Internal error"),
    DEPENDENCY_UNAVAILABLE(503, "dependency_unavailable", "A backing service is unavailable");

    private final int status;
    private final String code;
    private final String title;

    ErrorCode(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    /** The code with this wire name and status (a wire name alone is not unique: see KEY_UNAVAILABLE). */
    public static java.util.Optional<ErrorCode> of(String code, int status) {
        return java.util.Arrays.stream(values()).filter(c -> c.code.equals(code) && c.status == status).findFirst();
    }
}
