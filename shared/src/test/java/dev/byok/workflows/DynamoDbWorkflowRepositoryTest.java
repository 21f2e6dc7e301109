package dev.byok.workflows;

import dev.byok.aws.TableConfiguration;
import dev.byok.ids.Ids;
import dev.byok.json.JacksonFactory;
import dev.byok.recipes.ModelSelection;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.WithLocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Workflow items on moto's DynamoDB: one item per workflow, under its tenant, replaced only at the version read. */
@WithLocalAws
class DynamoDbWorkflowRepositoryTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private LocalAws aws;
    private DynamoDbWorkflowRepository repository;
    private TenantId tenant;

    @BeforeEach
    void setUp(LocalAws aws) {
        this.aws = aws;
        this.repository = new DynamoDbWorkflowRepository(aws.dynamoDb(),
                new TableConfiguration(aws.resources().tableName()), JacksonFactory.create());
        this.tenant = new TenantId("wf-" + UUID.randomUUID());
    }

    private static Workflow workflow(String workflowId, int version, Instant createdAt) {
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("facts", "{{steps.extract.output.fakten}} — «{{input.kunde}}» 🌱");
        mapping.put("options", Map.of("limit", 3, "ratio", new BigDecimal("0.25"), "tags", List.of("a", "ü")));
        return new Workflow(workflowId, "Extraire → répondre", List.of(
                new WorkflowStep("extract", Ids.recipeId(), null, null, null),
                new WorkflowStep("reply", Ids.recipeId(), new ModelSelection("openai", "gpt-4o-mini",
                        Ids.keyId()), "quality", mapping)), version, createdAt, createdAt.plusSeconds(version));
    }

    @Test
    void a_workflow_reads_back_exactly_with_its_mappings_and_overrides() {
        Workflow stored = workflow(Ids.workflowId(), 1, NOW);

        repository.create(tenant, stored);

        Workflow read = repository.find(tenant, stored.workflowId()).orElseThrow();
        assertEquals(stored.name(), read.name());
        assertEquals(stored.steps().get(1).model(), read.steps().get(1).model());
        assertEquals("quality", read.steps().get(1).department());
        assertEquals(stored.steps().get(1).input().get("facts"), read.steps().get(1).input().get("facts"));
        assertEquals(JacksonFactory.create().valueToTree(stored.steps()),
                JacksonFactory.create().valueToTree(read.steps()));
        assertEquals(stored.createdAt(), read.createdAt());
        assertEquals(stored.updatedAt(), read.updatedAt());
    }

    @Test
    void the_item_is_keyed_by_tenant_and_workflow_and_holds_only_the_definition() {
        Workflow stored = workflow(Ids.workflowId(), 1, NOW);
        repository.create(tenant, stored);

        Map<String, AttributeValue> item = aws.dynamoDb().getItem(request -> request
                .tableName(aws.resources().tableName())
                .key(DynamoDbWorkflowRepository.keyOf(tenant, stored.workflowId()))).item();

        assertEquals("TENANT#" + tenant.value(), item.get("pk").s());
        assertEquals("WORKFLOW#" + stored.workflowId(), item.get("sk").s());
        assertEquals(List.of("createdAt", "name", "pk", "sk", "steps", "type", "updatedAt", "version", "workflowId"),
                item.keySet().stream().sorted().toList());
    }

    @Test
    void another_tenant_neither_finds_lists_replaces_nor_deletes_the_workflow() {
        Workflow stored = workflow(Ids.workflowId(), 1, NOW);
        repository.create(tenant, stored);
        TenantId other = new TenantId("other-" + UUID.randomUUID());

        assertEquals(Optional.empty(), repository.find(other, stored.workflowId()));
        assertEquals(List.of(), repository.list(other));
        assertFalse(repository.replace(other, workflow(stored.workflowId(), 2, NOW), 1));
        assertFalse(repository.delete(other, stored.workflowId()));
        assertTrue(repository.find(tenant, stored.workflowId()).isPresent());
    }

    @Test
    void a_replace_succeeds_only_at_the_version_that_was_read() {
        Workflow stored = workflow(Ids.workflowId(), 1, NOW);
        repository.create(tenant, stored);

        assertTrue(repository.replace(tenant, workflow(stored.workflowId(), 2, NOW), 1));
        assertFalse(repository.replace(tenant, workflow(stored.workflowId(), 3, NOW), 1), "a stale writer loses");
        assertEquals(2, repository.find(tenant, stored.workflowId()).orElseThrow().version());
        assertFalse(repository.replace(tenant, workflow(Ids.workflowId(), 2, NOW), 1), "no upsert of a new id");
    }

    @Test
    void the_tenants_workflows_are_listed_oldest_first_and_deleted_once() {
        Workflow older = workflow(Ids.workflowId(), 1, NOW);
        Workflow newer = workflow(Ids.workflowId(), 1, NOW.plus(1, ChronoUnit.HOURS));
        repository.create(tenant, newer);
        repository.create(tenant, older);

        assertEquals(List.of(older.workflowId(), newer.workflowId()),
                repository.list(tenant).stream().map(Workflow::workflowId).toList());
        assertTrue(repository.delete(tenant, older.workflowId()));
        assertFalse(repository.delete(tenant, older.workflowId()));
        assertEquals(List.of(newer.workflowId()), repository.list(tenant).stream().map(Workflow::workflowId).toList());
    }
}
