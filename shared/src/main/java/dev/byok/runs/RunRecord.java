package dev.byok.runs;

import dev.byok.providers.TokenUsage;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The metadata kept about a run, and nothing else: no prompt, input, output or provider message text can be
 * represented here. {@code usage} is null when the provider sent none; {@code costPicoUsd} is null when the run is
 * unpriced (unknown model or missing usage).
 *
 * @param day            the calendar day of {@code createdAt} in the tenant's time zone (the aggregate bucket)
 * @param idempotencyKey a digest of the caller's idempotency key (or of the Step Functions execution and step) that
 *                       this run claims, or null; a second run with the same one is recorded once. RunService sets
 *                       it only on succeeded runs, so failed attempts leave the key free for a retry
 */
public record RunRecord(String runId, String recipeId, int recipeVersion, String department, String provider,
                        String model, String keyId, RunStatus status, String errorCode, TokenUsage usage,
                        BigInteger costPicoUsd, String priceTableVersion, long latencyMs, long providerLatencyMs,
                        int attempts, String providerRequestId, Instant createdAt, LocalDate day, String workflowId,
                        String workflowRunId, String stepName, String idempotencyKey) {
}
