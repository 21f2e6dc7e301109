package dev.byok.workflows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.aws.TableConfiguration;
import dev.byok.aws.VersionedItems;
import dev.byok.tenancy.TenantId;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.byok.aws.ItemAttributes.TYPE;
import static dev.byok.aws.ItemAttributes.instant;
import static dev.byok.aws.ItemAttributes.n;
import static dev.byok.aws.ItemAttributes.number;
import static dev.byok.aws.ItemAttributes.putIfPresent;
import static dev.byok.aws.ItemAttributes.s;
import static dev.byok.aws.ItemAttributes.string;

/**
 * {@link WorkflowRepository} on the single table: {@code sk = WORKFLOW#<workflowId>}, the steps stored as one JSON
 * string (names, recipe ids, model overrides, mappings: configuration, never data).
 */
@Singleton
public class DynamoDbWorkflowRepository implements WorkflowRepository {
    static final String SK_PREFIX = "WORKFLOW#";
    private static final TypeReference<List<WorkflowStep>> STEPS = new TypeReference<>() {
    };

    private final VersionedItems items;
    private final ObjectMapper mapper;

    public DynamoDbWorkflowRepository(DynamoDbClient dynamo, TableConfiguration configuration, ObjectMapper mapper) {
        this.items = new VersionedItems(dynamo, configuration.name(), SK_PREFIX, "workflow");
        this.mapper = mapper;
    }

    @Override
    public void create(TenantId tenant, Workflow workflow) {
        items.create(toItem(tenant, workflow));
    }

    @Override
    public Optional<Workflow> find(TenantId tenant, String workflowId) {
        return items.find(tenant, workflowId).map(this::fromItem);
    }

    @Override
    public List<Workflow> list(TenantId tenant) {
        List<Workflow> workflows = new ArrayList<>();
        items.list(tenant).forEach(item -> workflows.add(fromItem(item)));
        workflows.sort(Comparator.comparing(Workflow::createdAt));
        return workflows;
    }

    @Override
    public boolean replace(TenantId tenant, Workflow workflow, int expectedVersion) {
        return items.replace(toItem(tenant, workflow), expectedVersion);
    }

    @Override
    public boolean delete(TenantId tenant, String workflowId) {
        return items.delete(tenant, workflowId);
    }

    static Map<String, AttributeValue> keyOf(TenantId tenant, String workflowId) {
        return VersionedItems.keyOf(tenant, SK_PREFIX, workflowId);
    }

    private Map<String, AttributeValue> toItem(TenantId tenant, Workflow workflow) {
        Map<String, AttributeValue> item = new HashMap<>(keyOf(tenant, workflow.workflowId()));
        item.put(TYPE, s("WORKFLOW"));
        item.put("workflowId", s(workflow.workflowId()));
        item.put("name", s(workflow.name()));
        try {
            item.put("steps", s(mapper.writeValueAsString(workflow.steps())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("workflow steps could not be serialised", e);
        }
        item.put("version", n(workflow.version()));
        putIfPresent(item, "createdAt", workflow.createdAt());
        putIfPresent(item, "updatedAt", workflow.updatedAt());
        return item;
    }

    private Workflow fromItem(Map<String, AttributeValue> item) {
        List<WorkflowStep> steps;
        try {
            steps = mapper.readValue(string(item, "steps"), STEPS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored workflow steps are not JSON", e);
        }
        return new Workflow(string(item, "workflowId"), string(item, "name"), steps, (int) number(item, "version"),
                instant(item, "createdAt"), instant(item, "updatedAt"));
    }
}
