package dev.byok.functions.usage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.providers.TokenUsage;
import dev.byok.runs.RunRecord;
import dev.byok.runs.RunRecorder;
import dev.byok.runs.RunStatus;
import dev.byok.settings.TenantSettings;
import dev.byok.settings.TenantSettingsRepository;
import dev.byok.settings.TenantTimeZones;
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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
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

    private static String record(String tenant, String recipeId, String model, RunStatus status, TokenUsage usage,
                                 String picoUsd, Instant at) {
        return record(tenant, recipeId, "support", model, status, usage, picoUsd, at);
    }

    /** Records a run through the real run store, counted on its day in the tenant's zone as the run path does. */
    private static String record(String tenant, String recipeId, String department, String model, RunStatus status,
                                 TokenUsage usage, String picoUsd, Instant at) {
        String runId = dev.byok.ids.Ids.runId(at);
        TenantId id = new TenantId(tenant);
        LocalDate day = handler.getApplicationContext().getBean(TenantTimeZones.class).dayOf(id, at);
        handler.getApplicationContext().getBean(RunRecorder.class).record(id, new RunRecord(runId,
                recipeId, 1, department, "anthropic", model, "key_aaaaaaaaaaaaaaaaaaaa", status,
                status == RunStatus.SUCCEEDED ? null : "provider_unavailable", usage,
                picoUsd == null ? null : new BigInteger(picoUsd), "2026-07-24.1", 120, 100, 1, "req_1", at,
                day, null, null, null, null));
        return runId;
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
        stolen.getQueryStringParameters().put("limit", "2");
        stolen.getQueryStringParameters().put("cursor", cursor);
        JsonNode refused = call(stolen, 400);
        assertEquals("invalid_request", refused.get("code").asText());
        assertFalse(refused.toString().contains("run_"), "the refusal names no run");

        APIGatewayV2HTTPEvent forged = as(tenant, LambdaEvents.load("runs-list.json"));
        forged.getQueryStringParameters().put("cursor", java.util.Base64.getUrlEncoder().encodeToString(
                "KEY#key_aaaaaaaaaaaaaaaaaaaa".getBytes()));
        assertEquals("invalid_request", call(forged, 400).get("code").asText());
        JsonNode item = page1.get("items").get(0);
        assertEquals("succeeded", item.get("status").asText());
        assertNull(item.get("output"), "run metadata has no output field");
    }

    private static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static APIGatewayV2HTTPEvent runsEvent(String tenant, Map<String, String> parameters) {
        APIGatewayV2HTTPEvent event = as(tenant, LambdaEvents.load("runs-list.json"));
        event.getQueryStringParameters().clear();
        event.getQueryStringParameters().putAll(parameters);
        return event;
    }

    /** RFC 4180 records (CRLF line ends, quoted fields), as a spreadsheet reads them. */
    private static List<List<String>> csvRecords(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted && c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (!quoted && c == '\r' && csv.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        return records;
    }

    @Test
    void usage_as_csv_has_the_same_rows_and_totals_as_json() throws Exception {
        String tenant = newTenant();
        Instant day = Instant.parse("2026-11-10T09:00:00Z");
        String[] departments = {"sales, EMEA", "the \"A\" team", "two\nlines", "support"};
        for (int i = 0; i < departments.length; i++) {
            record(tenant, "rcp_aaaaaaaaaaaaaaaaaaaa", departments[i], "claude-haiku-4-5", RunStatus.SUCCEEDED,
                    new TokenUsage(10 + i, 5, 3, 2, 1, 1), Integer.toString(5_000 + i), day.plusSeconds(3_600L * i));
        }
        record(tenant, "rcp_aaaaaaaaaaaaaaaaaaaa", "support", "claude-unknown", RunStatus.FAILED, null, null,
                day.plusSeconds(86_400));
        Map<String, String> range = Map.of("from", "2026-11-10", "to", "2026-11-11");

        APIGatewayV2HTTPEvent csvEvent = as(tenant, LambdaEvents.load("usage-csv.json", range));
        APIGatewayV2HTTPResponse csv = HttpApiHandlers.invoke(handler, csvEvent);
        APIGatewayV2HTTPEvent jsonEvent = LambdaEvents.copy(csvEvent);
        jsonEvent.getHeaders().put("accept", "application/json");
        JsonNode json = call(jsonEvent, 200);

        assertEquals(200, csv.getStatusCode(), csv.getBody());
        assertTrue(csv.getHeaders().get("Content-Type").startsWith("text/csv"), csv.getHeaders().toString());
        assertFalse(csv.getIsBase64Encoded(), "CSV is text");
        List<List<String>> records = csvRecords(csv.getBody());
        List<String> header = records.get(0);
        assertEquals(List.of("rowType", "day", "department", "runs", "succeeded", "failed", "inputTokens",
                "outputTokens", "cacheReadTokens", "cacheWriteTokens", "reasoningTokens", "costUsd",
                "unpricedRuns"), header);
        assertEquals(json.get("rows").size() + 2, records.size());
        for (int r = 0; r <= json.get("rows").size(); r++) {
            boolean totals = r == json.get("rows").size();
            JsonNode expected = totals ? json.get("totals") : json.get("rows").get(r);
            List<String> actual = records.get(r + 1);
            assertEquals(totals ? "totals" : "row", actual.get(0));
            for (int c = 1; c < header.size(); c++) {
                JsonNode value = expected.get(header.get(c));
                assertEquals(value == null || value.isNull() ? "" : value.asText(), actual.get(c),
                        header.get(c) + " of line " + (r + 1));
            }
        }
        assertTrue(records.stream().anyMatch(record -> record.get(2).equals("two\nlines")));
        assertEquals("0.000000020006", records.get(records.size() - 1).get(11), "exact decimal, as in JSON");
    }

    @Test
    void an_accept_header_the_usage_query_cannot_answer_is_a_406_problem() throws Exception {
        String tenant = newTenant();
        for (String accept : new String[]{"application/xml", "text/plain", "text/csv;q=0"}) {
            APIGatewayV2HTTPEvent event = usage(tenant, "2026-11-01", "2026-11-30", "recipe");
            event.getHeaders().put("accept", accept);
            APIGatewayV2HTTPResponse response = HttpApiHandlers.invoke(handler, event);
            assertEquals(406, response.getStatusCode(), accept + " -> " + response.getBody());
            assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
            assertEquals("not_acceptable", JSON.readTree(response.getBody()).get("code").asText());
        }
    }

    @Test
    void bad_runs_queries_are_400_problems() throws Exception {
        String tenant = newTenant();
        List<Map<String, String>> bad = List.of(Map.of("limit", "0"), Map.of("limit", "201"),
                Map.of("limit", "many"), Map.of("cursor", "%%%"), Map.of("cursor", "bm90IGEgY3Vyc29y"),
                Map.of("from", "2026-11-12", "to", "2026-11-11"), Map.of("from", "2025-01-01", "to", "2026-01-02"),
                Map.of("from", "2026-11-1"), Map.of("status", "running"), Map.of("recipeId", "RECIPE#1"));
        for (Map<String, String> parameters : bad) {
            APIGatewayV2HTTPResponse response = HttpApiHandlers.invoke(handler, runsEvent(tenant, parameters));
            assertEquals(400, response.getStatusCode(), parameters + " -> " + response.getBody());
            assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
            assertEquals("invalid_request", JSON.readTree(response.getBody()).get("code").asText());
        }
    }

    @Test
    void a_forged_cursor_pointing_at_another_tenants_run_only_ever_reads_the_callers_runs() throws Exception {
        String victim = newTenant();
        String attacker = newTenant();
        Instant at = Instant.parse("2026-11-10T12:00:00Z");
        String victimRun = record(victim, "rcp_vvvvvvvvvvvvvvvvvvvv", "claude-haiku-4-5", RunStatus.SUCCEEDED,
                TokenUsage.of(1, 1), "1", at.plusSeconds(600));
        List<String> attackerRuns = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            attackerRuns.add(record(attacker, "rcp_aaaaaaaaaaaaaaaaaaaa", "support", "claude-haiku-4-5",
                    RunStatus.SUCCEEDED, TokenUsage.of(1, 1), "1", at.plusSeconds(60L * i)));
        }
        Map<String, String> query = Map.of("from", "2026-11-10", "to", "2026-11-10", "limit", "1");
        String genuine = call(runsEvent(attacker, query), 200).get("nextCursor").asText();
        // Keep the attacker's own binding, swap in the victim's run sort key.
        String[] parts = new String(Base64.getUrlDecoder().decode(genuine), StandardCharsets.UTF_8).split("\\|");
        String victimKey = "RUN#2026-11-10T12:10:00.000Z#" + victimRun;
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (parts[0] + "|" + victimKey + "|" + parts[2]).getBytes(StandardCharsets.UTF_8));

        JsonNode page = call(as(attacker, LambdaEvents.load("runs-next-page.json",
                Map.of("from", "2026-11-10", "to", "2026-11-10", "cursor", forged))), 200);

        assertFalse(page.toString().contains(victimRun), "the victim's run never appears");
        assertFalse(page.toString().contains("rcp_vvvvvvvvvvvvvvvvvvvv"));
        List<String> listed = new ArrayList<>();
        page.get("items").forEach(item -> listed.add(item.get("runId").asText()));
        assertEquals(List.of(attackerRuns.get(2), attackerRuns.get(1), attackerRuns.get(0)), listed,
                "the cursor positions the read, inside the attacker's own partition only");
        JsonNode victimsUsage = call(usage(attacker, "2026-11-10", "2026-11-10", "recipe"), 200);
        assertFalse(victimsUsage.toString().contains("rcp_vvvvvvvvvvvvvvvvvvvv"));
    }

    @Test
    void days_are_counted_and_listed_in_the_tenants_zone() throws Exception {
        String tenant = newTenant();
        handler.getApplicationContext().getBean(TenantSettingsRepository.class)
                .save(new TenantId(tenant), new TenantSettings("Asia/Kolkata"));
        record(tenant, "rcp_aaaaaaaaaaaaaaaaaaaa", "claude-haiku-4-5", RunStatus.SUCCEEDED, TokenUsage.of(1, 1), "1",
                Instant.parse("2026-11-09T18:29:59.999Z"));
        String earlyOnThe10th = record(tenant, "rcp_aaaaaaaaaaaaaaaaaaaa", "support", "claude-haiku-4-5",
                RunStatus.SUCCEEDED, TokenUsage.of(1, 1), "2", Instant.parse("2026-11-09T18:30:00.000Z"));

        JsonNode byDay = call(usage(tenant, "2026-11-09", "2026-11-10", "day"), 200);
        assertEquals("Asia/Kolkata", byDay.get("timezone").asText());
        assertEquals("2026-11-09", byDay.get("rows").get(0).get("day").asText());
        assertEquals("2026-11-10", byDay.get("rows").get(1).get("day").asText());
        assertEquals("0.000000000002", byDay.get("rows").get(1).get("costUsd").asText());

        JsonNode the10th = call(runsEvent(tenant, Map.of("from", "2026-11-10", "to", "2026-11-10")), 200);
        assertEquals(1, the10th.get("items").size());
        assertEquals(earlyOnThe10th, the10th.get("items").get(0).get("runId").asText());
        assertEquals("2026-11-10", the10th.get("items").get(0).get("day").asText());
    }
}
