package dev.byok.functions.recipes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.byok.testing.OutputCapture;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.aws.TableInspector;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.testing.lambda.HttpApiHandlers;
import dev.byok.testing.providers.ProviderFake;
import dev.byok.testing.providers.ProviderFakes;
import dev.byok.testing.providers.RecordedRequest;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.byok.functions.recipes.RunFixtures.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run through the real Lambda handler against every provider's fake: wire format, unicode, canaries. */
@WithLocalAws
class RunProvidersHandlerTest {
    private static APIGatewayV2HTTPEventFunction handler;

    @BeforeAll
    static void startHandler() {
        handler = HttpApiHandlers.start(TestApplication.properties());
    }

    @AfterAll
    static void stopHandler() {
        handler.close();
    }

    @AfterEach
    void resetFakes() {
        ProviderFakes.resetStarted();
    }

    private static ProviderFake fakeOf(String provider) {
        return switch (provider) {
            case "anthropic" -> ProviderFakes.anthropic();
            case "gemini" -> ProviderFakes.gemini();
            default -> ProviderFakes.openAi();
        };
    }

    private static APIGatewayV2HTTPResponse call(com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent e) {
        return HttpApiHandlers.invoke(handler, e);
    }

    private static String createRecipe(String provider, String apiKey) throws Exception {
        String keyId = RunFixtures.registerKey(handler.getApplicationContext(), provider, apiKey);
        APIGatewayV2HTTPResponse created = call(RunFixtures.createEvent(RunFixtures.recipeBody(provider, keyId)));
        assertEquals(201, created.getStatusCode(), created.getBody());
        return JSON.readTree(created.getBody()).get("recipeId").asText();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"anthropic", "openai", "gemini", "openai-compatible"})
    void a_run_reaches_the_provider_with_unicode_byte_exact_and_keeps_only_metadata(String provider, LocalAws aws)
            throws Exception {
        String apiKey = RunFixtures.apiKeyFor(provider);
        String recipeId = createRecipe(provider, apiKey);
        String company = "Zürich Gärten 🌱 " + UUID.randomUUID();
        String message = "my order is late — 注文 👩🏽‍💻 " + UUID.randomUUID();

        APIGatewayV2HTTPResponse response = call(RunFixtures.runEvent(recipeId, company, message));

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode result = JSON.readTree(response.getBody());
        assertEquals(provider, result.get("provider").asText());
        assertEquals("succeeded", result.get("status").asText());
        assertEquals(1, result.get("attempts").asInt());
        assertTrue(result.get("usage").get("inputTokens").asLong() > 0, result.toString());
        if (provider.equals("openai-compatible")) {
            assertTrue(result.get("costUsd").isNull(), "a model without a price is unpriced, never free");
        } else {
            assertTrue(result.get("costUsd").asText().matches("0\\.\\d+"), result.toString());
        }
        List<RecordedRequest> calls = fakeOf(provider).requests();
        assertEquals(1, calls.size());
        byte[] sent = calls.get(0).body();
        for (String text : List.of(company, message)) {
            assertTrue(new String(sent, StandardCharsets.UTF_8).contains(text), "unicode reaches " + provider);
        }
        assertTrue(calls.get(0).bodyAsString().contains(apiKey) == false, "the key is never in the body");

        TableInspector table = TableInspector.of(aws);
        for (String secret : List.of(company, message, apiKey, result.get("output").asText())) {
            assertTrue(table.itemsContaining(secret).isEmpty(), "not stored: " + secret);
        }
        assertEquals(1, table.itemsContaining(result.get("runId").asText()).size(), "exactly one run item");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"anthropic", "openai", "gemini", "openai-compatible"})
    void canaries_in_input_output_and_provider_errors_never_reach_items_logs_or_error_bodies(String provider,
                                                                                            LocalAws aws)
            throws Exception {
        String canaryIn = "CANARY-IN-" + UUID.randomUUID();
        String canaryOut = "CANARY-OUT-" + UUID.randomUUID();
        String canaryError = "CANARY-ERR-" + UUID.randomUUID();
        String apiKey = RunFixtures.apiKeyFor(provider);
        String recipeId = createRecipe(provider, apiKey);
        ProviderFake fake = fakeOf(provider);

        String logs;
        APIGatewayV2HTTPResponse ok;
        APIGatewayV2HTTPResponse failed;
        try (OutputCapture output = OutputCapture.start()) {
            fake.stubGenerate(aResponse().withStatus(200).withHeader("content-type", "application/json")
                    .withBody(RunFixtures.replyWith(provider, "Here: " + canaryOut)));
            ok = call(RunFixtures.runEvent(recipeId, canaryIn, canaryIn));
            fake.reset();
            // Providers echo prompt text in their error messages: ours must never pass it on.
            fake.stubGenerate(aResponse().withStatus(400).withHeader("content-type", "application/json")
                    .withBody(RunFixtures.errorWith(provider, canaryError + " near '" + canaryIn + "'")));
            failed = call(RunFixtures.runEvent(recipeId, canaryIn, canaryIn));
            logs = output.text();
        }
        assertEquals(200, ok.getStatusCode(), ok.getBody());
        assertTrue(ok.getBody().contains(canaryOut), "the caller gets the output");
        assertEquals(502, failed.getStatusCode(), failed.getBody());
        assertEquals("provider_bad_request", JSON.readTree(failed.getBody()).get("code").asText());
        for (String canary : List.of(canaryIn, canaryOut, canaryError, apiKey)) {
            assertFalse(logs.contains(canary), "logs must not contain " + canary);
            assertTrue(TableInspector.of(aws).itemsContaining(canary).isEmpty(), "no item may contain " + canary);
            assertFalse(failed.getBody().contains(canary), "error bodies must not contain " + canary);
        }
    }
}
