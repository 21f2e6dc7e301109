package dev.byok.workflows;

import dev.byok.tenancy.TenantId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory {@link WorkflowRepository} for unit tests, with the adapter's rules (per tenant, version-checked). */
public class InMemoryWorkflowRepository implements WorkflowRepository {
    private final Map<TenantId, Map<String, Workflow>> workflows = new HashMap<>();

    public synchronized int size() {
        return workflows.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public synchronized void create(TenantId tenant, Workflow workflow) {
        if (tenantWorkflows(tenant).putIfAbsent(workflow.workflowId(), workflow) != null) {
            throw new IllegalStateException("workflow id collision");
        }
    }

    @Override
    public synchronized Optional<Workflow> find(TenantId tenant, String workflowId) {
        return Optional.ofNullable(tenantWorkflows(tenant).get(workflowId));
    }

    @Override
    public synchronized List<Workflow> list(TenantId tenant) {
        List<Workflow> list = new ArrayList<>(tenantWorkflows(tenant).values());
        list.sort(Comparator.comparing(Workflow::createdAt));
        return list;
    }

    @Override
    public synchronized boolean replace(TenantId tenant, Workflow workflow, int expectedVersion) {
        Workflow stored = tenantWorkflows(tenant).get(workflow.workflowId());
        if (stored == null || stored.version() != expectedVersion) {
            return false;
        }
        tenantWorkflows(tenant).put(workflow.workflowId(), workflow);
        return true;
    }

    @Override
    public synchronized boolean delete(TenantId tenant, String workflowId) {
        return tenantWorkflows(tenant).remove(workflowId) != null;
    }

    private Map<String, Workflow> tenantWorkflows(TenantId tenant) {
        return workflows.computeIfAbsent(tenant, ignored -> new HashMap<>());
    }
}
