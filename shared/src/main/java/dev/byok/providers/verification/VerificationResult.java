package dev.byok.providers.verification;

/**
 * The outcome of one key check, with a short fixed reason ({@code accepted}, {@code rejected}, {@code timeout},
 * {@code unreachable}, {@code rate_limited}, {@code provider_error}, {@code unexpected_status}) and the HTTP status (0
 * when no answer arrived). Nothing in it comes from the provider's message text.
 */
public record VerificationResult(VerificationOutcome outcome, String reason, int httpStatus) {
}
