package dev.byok.workflows;

import dev.byok.tenancy.TenantId;

import java.util.List;
import java.util.Optional;

/** Port: a tenant's workflow definitions. */
public interface WorkflowRepository {
    /** Stores a new workflow. */
    void create(TenantId tenant, Workflow workflow);

    /** The workflow, if this tenant has one with that id. */
    Optional<Workflow> find(TenantId tenant, String workflowId);

    /** The tenant's workflows, oldest first. */
    List<Workflow> list(TenantId tenant);

    /** Replaces the workflow if its stored version is still {@code expectedVersion}; false otherwise. */
    boolean replace(TenantId tenant, Workflow workflow, int expectedVersion);

    /** Deletes the workflow; false when there was none. */
    boolean delete(TenantId tenant, String workflowId);
}
