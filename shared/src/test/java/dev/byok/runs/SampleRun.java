package dev.byok.runs;

import dev.byok.ids.Ids;
import dev.byok.providers.TokenUsage;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Builds run metadata records for usage tests; every field has a plausible default. */
public final class SampleRun {
    private Instant createdAt = Instant.parse("2026-11-10T09:00:00Z");
    private ZoneId zone = ZoneOffset.UTC;
    private LocalDate day;
    private String runId;
    private String recipeId = "rcp_aaaaaaaaaaaaaaaaaaaa";
    private String department = "support";
    private String provider = "anthropic";
    private String model = "claude-haiku-4-5";
    private String keyId = "key_aaaaaaaaaaaaaaaaaaaa";
    private RunStatus status = RunStatus.SUCCEEDED;
    private TokenUsage usage = TokenUsage.of(10, 5);
    private BigInteger costPicoUsd = BigInteger.valueOf(35_000_000);
    private String workflowId;

    private SampleRun() {
    }

    /** A run created at {@code createdAt}, counted on its UTC day unless {@link #inZone} says otherwise. */
    public static SampleRun at(Instant createdAt) {
        SampleRun run = new SampleRun();
        run.createdAt = createdAt;
        return run;
    }

    public static SampleRun at(String isoInstant) {
        return at(Instant.parse(isoInstant));
    }

    /** Counts the run on its calendar day in {@code zone}, as the run path does for the tenant's zone. */
    public SampleRun inZone(ZoneId zone) {
        this.zone = zone;
        return this;
    }

    public SampleRun day(LocalDate day) {
        this.day = day;
        return this;
    }

    public SampleRun recipe(String recipeId) {
        this.recipeId = recipeId;
        return this;
    }

    public SampleRun department(String department) {
        this.department = department;
        return this;
    }

    public SampleRun model(String provider, String model) {
        this.provider = provider;
        this.model = model;
        return this;
    }

    public SampleRun key(String keyId) {
        this.keyId = keyId;
        return this;
    }

    public SampleRun workflow(String workflowId) {
        this.workflowId = workflowId;
        return this;
    }

    public SampleRun failed() {
        this.status = RunStatus.FAILED;
        return this;
    }

    public SampleRun status(RunStatus status) {
        this.status = status;
        return this;
    }

    public SampleRun usage(TokenUsage usage) {
        this.usage = usage;
        return this;
    }

    /** Cost in picodollars; null for an unpriced run. */
    public SampleRun cost(BigInteger picoUsd) {
        this.costPicoUsd = picoUsd;
        return this;
    }

    public SampleRun cost(long picoUsd) {
        return cost(BigInteger.valueOf(picoUsd));
    }

    public SampleRun unpriced() {
        return cost((BigInteger) null);
    }

    public RunRecord build() {
        String id = runId != null ? runId : Ids.runId(createdAt);
        LocalDate countedOn = day != null ? day : LocalDate.ofInstant(createdAt, zone);
        return new RunRecord(id, recipeId, 1, department, provider, model, keyId, status,
                status == RunStatus.SUCCEEDED ? null : "provider_unavailable", usage, costPicoUsd, "2026-07-24.1",
                120, 100, 1, "req_sample", createdAt, countedOn, workflowId, null, null, null);
    }
}
