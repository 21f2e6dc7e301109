package dev.byok.functions.keys;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.testing.lambda.HttpApiHandlers;
import dev.byok.testing.lambda.LambdaEvents;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET|PUT /settings} through the key-registration Lambda handler, fed events/settings-*.json, on moto. */
@WithLocalAws
class SettingsControllerTest {
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

    private static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static APIGatewayV2HTTPEvent as(String tenant, APIGatewayV2HTTPEvent event) {
        return LambdaEvents.withClaims(event, Map.of("sub", "admin", "custom:tenant", tenant));
    }

    private static APIGatewayV2HTTPResponse get(String tenant) {
        return HttpApiHandlers.invoke(handler, as(tenant, LambdaEvents.load("settings-get.json")));
    }

    private static APIGatewayV2HTTPResponse put(String tenant, String timezone) {
        return HttpApiHandlers.invoke(handler, as(tenant, LambdaEvents.load("settings-put.json",
                Map.of("timezone", timezone))));
    }

    private static APIGatewayV2HTTPResponse putBody(String tenant, String body) {
        return HttpApiHandlers.invoke(handler, as(tenant, LambdaEvents.withBody(
                LambdaEvents.load("settings-put.json", Map.of("timezone", "unused")), body)));
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws Exception {
        return JSON.readTree(response.getBody());
    }

    private static Map<String, AttributeValue> settingsItem(LocalAws aws, String tenant) {
        return aws.dynamoDb().getItem(g -> g.tableName(aws.resources().tableName()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("TENANT#" + tenant), "sk", AttributeValue.fromS("SETTINGS"))))
                .item();
    }

    @Test
    void a_tenant_starts_in_utc() throws Exception {
        APIGatewayV2HTTPResponse response = get(newTenant());
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("UTC", body(response).get("timezone").asText());
    }

    @Test
    void a_tenant_sets_an_iana_zone_and_reads_it_back_and_other_tenants_keep_theirs(LocalAws aws) throws Exception {
        String tenant = newTenant();
        String other = newTenant();

        APIGatewayV2HTTPResponse saved = put(tenant, "Asia/Kolkata");

        assertEquals(200, saved.getStatusCode(), saved.getBody());
        assertEquals("Asia/Kolkata", body(saved).get("timezone").asText());
        assertEquals("Asia/Kolkata", body(get(tenant)).get("timezone").asText());
        assertEquals("Asia/Kolkata", settingsItem(aws, tenant).get("timezone").s());
        assertEquals("UTC", body(get(other)).get("timezone").asText());
        assertTrue(settingsItem(aws, other).isEmpty());

        assertEquals("America/New_York", body(put(tenant, "America/New_York")).get("timezone").asText());
        assertEquals("America/New_York", body(get(tenant)).get("timezone").asText());
    }

    @Test
    void anything_but_an_iana_zone_is_a_400_problem_and_changes_nothing(LocalAws aws) throws Exception {
        String tenant = newTenant();
        put(tenant, "Europe/Berlin");
        for (String bad : new String[]{"+05:30", "UTC+5:30", "Mars/Olympus_Mons", "europe/berlin", ""}) {
            APIGatewayV2HTTPResponse response = put(tenant, bad);
            assertEquals(400, response.getStatusCode(), bad);
            assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
            JsonNode problem = body(response);
            assertEquals("invalid_request", problem.get("code").asText());
            assertTrue(problem.get("errors").get(0).asText().startsWith("timezone "), problem.toString());
            assertFalse(bad.length() > 1 && response.getBody().contains(bad), "the value is not echoed");
        }
        for (String body : new String[]{"{}", "{\"timezone\": 5}", "not json", "{\"timezone\": null}"}) {
            APIGatewayV2HTTPResponse response = putBody(tenant, body);
            assertEquals(400, response.getStatusCode(), body + " -> " + response.getBody());
            assertEquals("invalid_request", body(response).get("code").asText());
        }
        assertEquals("Europe/Berlin", settingsItem(aws, tenant).get("timezone").s());
    }
}
