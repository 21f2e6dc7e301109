package dev.byok.runs;

import dev.byok.tenancy.TenantId;

/** Port: records a run's metadata together with the usage aggregates, in one atomic write. */
public interface RunRecorder {
    /** Records the run; a second call for the same run id records nothing. Returns whether it was recorded now. */
    boolean record(TenantId tenant, RunRecord run);
}
