package dev.byok.workflows;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * A workflow: a name and an ordered list of steps, each a recipe with an optional model override and an input
 * mapping. Versioned like recipes: every update bumps {@code version}. Also the API's view of a workflow.
 */
@Serdeable
public record Workflow(String workflowId, String name, List<WorkflowStep> steps, int version, Instant createdAt,
                       Instant updatedAt) {
}
