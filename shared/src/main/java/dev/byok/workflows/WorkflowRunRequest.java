package dev.byok.workflows;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** Body of {@code POST /workflows/{workflowId}/runs}: the workflow input. Never stored or logged. */
@Serdeable
public record WorkflowRunRequest(@Nullable Map<String, Object> input) {
    @Override
    public String toString() {
        return "WorkflowRunRequest[redacted]";
    }
}
