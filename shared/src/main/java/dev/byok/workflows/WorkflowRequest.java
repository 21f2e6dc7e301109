package dev.byok.workflows;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** Body of {@code POST /workflows} and {@code PUT /workflows/{workflowId}}; validated by {@link WorkflowService}. */
@Serdeable
public record WorkflowRequest(@Nullable String name, @Nullable List<WorkflowStep> steps) {
}
