package dev.byok.functions.usage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.providers.TokenUsage;
import dev.byok.runs.RunRecord;
import dev.byok.runs.RunRecorder;
import dev.byok.runs.RunStatus;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.testing.lambda.HttpApiHandlers;
import dev.byok.testing.lambda.LambdaEvents;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The usage-query Lambda handler, fed events/*.json, over run records written by the real run store on moto. */
@WithLocalAws
class UsageQueryHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static APIGatewayV2HTTPEventFunction handler;

    @BeforeAll
    static void startHandler() {
        handler = HttpApiHandlers.start(TestApplication.properties());
    }

    @AfterAll
    static void stopHandler() {
        handler.close();
    }

    private static JsonNode call(APIGatewayV2HTTPEvent event, int expectedStatus) throws Exception {
        APIGatewayV2HTTPResponse response = HttpApiHandlers.invoke(handler, event);
        assertEquals(expectedStatus, response.getStatusCode(), response.getBody());
        return JSON.readTree(response.getBody());
    }

    private static APIGatewayV2HTTPEvent as(String tenant, APIGatewayV2HTTPEvent event) {
        return LambdaEvents.withClaims(event, Map.of("sub", "analyst", "custom:tenant", tenant));
    }

    private static void record(String tenant, String recipeId, String model, RunStatus status, TokenUsage usage,
                               String picoUsd, Instant at) {
        String runId = dev.byok.ids.Ids.runId(at);
        handler.getApplicationContext().getBean(RunRecorder.class).record(new TenantId(tenant), new RunRecord(runId,
                recipeId, 1, "support", "anthropic", model, "key_aaaaaaaaaaaaaaaaaaaa", status,
                status == RunStatus.SUCCEEDED ? null : "provider_unavailable", usage,
                picoUsd == null ? null : new BigInteger(picoUsd), "2026-07-24.1", 120, 100, 1, "req_1", at,
                LocalDate.ofInstant(at, ZoneOffset.UTC), null, null, null, null));
    }

    private static APIGatewayV2HTTPEvent usage(String tenant, String from, String to, String groupBy) {
        Map<String, String> values = new HashMap<>(Map.of("from", from, "to", to));
        APIGatewayV2HTTPEvent event = as(tenant, LambdaEvents.load("usage-by-recipe.json", values));
        event.getQueryStringParameters().put("groupBy", groupBy);
        event.setRawQueryString("from=" + from + "&to=" + to + "&groupBy=" + groupBy);
        return event;
    }

    @Test
    void usage_is_grouped_by_recipe_with_exact_costs_and_totals() throws Exception {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Instant day = Instant.parse("2026-11-10T09:00:00Z");
        record(tenant, "rcp_aaaaaaaaaaaaaaaaaaaa", "claude-haiku-4-5", RunStatus.SUCCEEDED,
                new TokenUsage(100, 50, 10, 5, 0, 0), "123456789", day);
        record(tenant, "rcp_aaaaaaaaaaaaaaaaaaaa", "claude-haiku-4-5", RunStatus.SUCCEEDED,
                new TokenUsage(1, 1, 0, 0, 0, 0), "1", day.plusSeconds(60));
        record(tenant, "rcp_bbbbbbbbbbbbbbbbbbbb", "claude-unknown", RunStatus.FAILED, TokenUsage.NONE, null,
                day.plusSeconds(120));
        record(tenant, "rcp_bbbbbbbbbbbbbbbbbbbb", "claude-haiku-4-5", RunStatus.SUCCEEDED,
                new TokenUsage(7, 3, 0, 0, 0, 2), "50", Instant.parse("2026-11-12T23:59:59Z"));

        JsonNode report = call(usage(tenant, "2026-11-10", "2026-11-12", "recipe"), 200);
        assertEquals("2026-11-10", report.get("from").asText());
        assertEquals(2, report.get("rows").size());
        JsonNode a = report.get("rows").get(0);
        assertEquals("rcp_aaaaaaaaaaaaaaaaaaaa", a.get("recipeId").asText());
        assertEquals(2, a.get("runs").asLong());
        assertEquals(101, a.get("inputTokens").asLong());
        assertEquals("0.00012345679", a.get("costUsd").asText());
        assertFalse(a.has("model"), "only the grouped dimensions are set");
        JsonNode b = report.get("rows").get(1);
        assertEquals(1, b.get("failed").asLong());
        assertEquals(1, b.get("unpricedRuns").asLong());
        assertEquals("0.00000000005", b.get("costUsd").asText());
        JsonNode totals = report.get("totals");
        assertEquals(4, totals.get("runs").asLong());
        assertEquals(3, totals.get("succeeded").asLong());
        assertEquals("0.00012345684", totals.get("costUsd").asText());
        assertEquals(2, totals.get("reasoningTokens").asLong());

        JsonNode oneDay = call(usage(tenant, "2026-11-12", "2026-11-12", "recipe,day,model"), 200);
        assertEquals(1, oneDay.get("rows").size());
        assertEquals("2026-11-12", oneDay.get("rows").get(0).get("day").asText());
        assertEquals("claude-haiku-4-5", oneDay.get("rows").get(0).get("model").asText());
    }

    @Test
    void another_tenants_runs_never_appear() throws Exception {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "t-" + UUID.randomUUID().toString().substring(0, 8);
        record(other, "rcp_cccccccccccccccccccc", "claude-haiku-4-5", RunStatus.SUCCEEDED, TokenUsage.of(5, 5), "10",
                Instant.parse("2026-11-10T09:00:00Z"));
        JsonNode report = call(usage(tenant, "2026-11-01", "2026-11-30", "recipe"), 200);
        assertEquals(0, report.get("rows").size());
        assertEquals(0, report.get("totals").get("runs").asLong());
        JsonNode runs = call(as(tenant, LambdaEvents.load("runs-list.json")), 200);
        assertEquals(0, runs.get("items").size());
    }

    @Test
    void bad_usage_queries_are_400_problems() throws Exception {
        String tenant = "acme";
        assertEquals("invalid_request", call(usage(tenant, "2026-13-01", "2026-11-30", "recipe"), 400)
                .get("code").asText());
        assertEquals("invalid_request", call(usage(tenant, "2026-11-30", "2026-11-01", "recipe"), 400)
                .get("code").asText());
        assertEquals("invalid_request", call(usage(tenant, "2025-01-01", "2026-11-30", "recipe"), 400)
                .get("code").asText());
        JsonNode unknown = call(usage(tenant, "2026-11-01", "2026-11-30", "recipe,colour"), 400);
        assertTrue(unknown.get("errors").get(0).asText().contains("groupBy"));
    }

    @Test
    void runs_are_listed_newest_first_with_a_cursor_that_stays_in_the_tenant() throws Exception {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            record(tenant, "rcp_dddddddddddddddddddd", "claude-haiku-4-5", RunStatus.SUCCEEDED, TokenUsage.of(1, 1),
                    "2", now.minusSeconds(10L * i));
        }
        APIGatewayV2HTTPEvent first = as(tenant, LambdaEvents.load("runs-list.json"));
        first.getQueryStringParameters().put("limit", "2");
        JsonNode page1 = call(first, 200);
        assertEquals(2, page1.get("items").size());
        assertTrue(page1.get("items").get(0).get("createdAt").asText()
                .compareTo(page1.get("items").get(1).get("createdAt").asText()) > 0, "newest first");
        String cursor = page1.get("nextCursor").asText();

        APIGatewayV2HTTPEvent second = as(tenant, LambdaEvents.load("runs-list.json"));
        second.getQueryStringParameters().put("limit", "2");
        second.getQueryStringParameters().put("cursor", cursor);
        JsonNode page2 = call(second, 200);
        assertEquals(1, page2.get("items").size());
        assertTrue(page2.get("nextCursor") == null || page2.get("nextCursor").isNull());

        APIGatewayV2HTTPEvent stolen = as("globex", LambdaEvents.load("runs-list.json"));
        stolen.getQueryStringParameters().put("cursor", cursor);
        assertEquals(0, call(stolen, 200).get("items").size(), "a cursor only continues in the caller's partition");

        APIGatewayV2HTTPEvent forged = as(tenant, LambdaEvents.load("runs-list.json"));
        forged.getQueryStringParameters().put("cursor", java.util.Base64.getUrlEncoder().encodeToString(
                "KEY#key_aaaaaaaaaaaaaaaaaaaa".getBytes()));
        assertEquals("invalid_request", call(forged, 400).get("code").asText());
        JsonNode item = page1.get("items").get(0);
        assertEquals("succeeded", item.get("status").asText());
        assertNull(item.get("output"), "run metadata has no output field");
    }
}
