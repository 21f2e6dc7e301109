package dev.byok.providers.verification;

import dev.byok.providers.ProviderCredential;
import dev.byok.providers.ProviderKind;
import dev.byok.testing.providers.AnthropicFake;
import dev.byok.testing.providers.GeminiFake;
import dev.byok.testing.providers.OpenAiFake;
import dev.byok.testing.providers.ProviderFake;
import dev.byok.testing.providers.RecordedRequest;
import dev.byok.testing.providers.WithProviderFakes;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each provider's cheapest authenticated call against the provider fakes (real wire formats on loopback). */
@WithProviderFakes
class ProviderKeyVerifierTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static ApplicationContext context;
    private static ProviderKeyVerifier verifier;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run(Map.of("byok.providers.connect-timeout", "2s"));
        verifier = context.getBean(ProviderKeyVerifier.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static VerificationResult verify(ProviderKind kind, String baseUrl, String key) {
        return verifier.verify(kind, URI.create(baseUrl), new ProviderCredential(key), TIMEOUT);
    }

    private static void stubModels(ProviderFake fake, String path, ResponseDefinitionBuilder response) {
        fake.server().stubFor(get(urlPathEqualTo(path)).atPriority(ProviderFake.OVERRIDE_PRIORITY)
                .willReturn(response));
    }

    private static void assertOutcome(VerificationOutcome outcome, String reason, int status,
                                      VerificationResult result) {
        assertEquals(new VerificationResult(outcome, reason, status), result);
    }

    @Test
    void anthropic_is_asked_for_its_models_with_x_api_key_and_the_api_version(AnthropicFake anthropic) {
        String key = "sk-ant-verify-0001";
        assertOutcome(VerificationOutcome.VALID, "accepted", 200,
                verify(ProviderKind.ANTHROPIC, anthropic.baseUrl() + "/v1", key));
        List<RecordedRequest> calls = anthropic.requests();
        assertEquals(1, calls.size());
        assertEquals("GET", calls.get(0).method());
        assertEquals(AnthropicFake.MODELS_PATH, calls.get(0).path());
        assertEquals(key, calls.get(0).header("x-api-key"));
        assertEquals("2023-06-01", calls.get(0).header("anthropic-version"));
        assertNull(calls.get(0).header("authorization"));
        assertOutcome(VerificationOutcome.INVALID, "rejected", 401,
                verify(ProviderKind.ANTHROPIC, anthropic.baseUrl() + "/v1", "sk-ant-invalid-0001"));
    }

    @Test
    void openai_gets_a_bearer_token_and_a_401_means_invalid(OpenAiFake openAi) {
        assertOutcome(VerificationOutcome.VALID, "accepted", 200,
                verify(ProviderKind.OPENAI, openAi.apiBaseUrl(), "sk-proj-verify-0002"));
        RecordedRequest call = openAi.requests().get(0);
        assertEquals(openAi.modelsPath(), call.path());
        assertEquals("Bearer sk-proj-verify-0002", call.header("authorization"));
        assertOutcome(VerificationOutcome.INVALID, "rejected", 401,
                verify(ProviderKind.OPENAI, openAi.apiBaseUrl(), "sk-proj-invalid-0002"));
    }

    @Test
    void gemini_gets_the_key_only_in_the_header_and_its_400_api_key_invalid_means_invalid(GeminiFake gemini) {
        String base = gemini.baseUrl() + "/v1beta";
        assertOutcome(VerificationOutcome.VALID, "accepted", 200, verify(ProviderKind.GEMINI, base, "AIza-verify-03"));
        RecordedRequest call = gemini.requests().get(0);
        assertEquals(GeminiFake.MODELS_PATH, call.path());
        assertEquals("AIza-verify-03", call.header("x-goog-api-key"));
        assertTrue(call.queryParameters().isEmpty(), "no ?key= in the URL");
        assertTrue(gemini.requestsWithKeyInQuery().isEmpty());

        assertOutcome(VerificationOutcome.INVALID, "rejected", 400, verify(ProviderKind.GEMINI, base,
                "AIza-invalid-03"));
    }

    @Test
    void a_gemini_400_for_another_reason_proves_nothing(GeminiFake gemini) {
        stubModels(gemini, GeminiFake.MODELS_PATH, aResponse().withStatus(400)
                .withHeader("content-type", "application/json")
                .withBody("{\"error\":{\"code\":400,\"message\":\"User location is not supported\","
                        + "\"status\":\"FAILED_PRECONDITION\"}}"));
        assertOutcome(VerificationOutcome.UNVERIFIED, "unexpected_status", 400,
                verify(ProviderKind.GEMINI, gemini.baseUrl() + "/v1beta", "AIza-verify-04"));
    }

    @Test
    void a_403_means_the_key_lacks_permission_and_counts_as_invalid(AnthropicFake anthropic) {
        stubModels(anthropic, AnthropicFake.MODELS_PATH, aResponse().withStatus(403)
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":\"no\"}}"));
        assertOutcome(VerificationOutcome.INVALID, "rejected", 403,
                verify(ProviderKind.ANTHROPIC, anthropic.baseUrl() + "/v1", "sk-ant-verify-0005"));
    }

    @Test
    void rate_limits_and_server_errors_are_never_reported_as_valid(AnthropicFake anthropic) {
        String base = anthropic.baseUrl() + "/v1";
        stubModels(anthropic, AnthropicFake.MODELS_PATH, aResponse().withStatus(429)
                .withBody(anthropic.fixture("error-rate-limit")));
        assertOutcome(VerificationOutcome.UNVERIFIED, "rate_limited", 429,
                verify(ProviderKind.ANTHROPIC, base, "sk-ant-verify-0006"));
        for (int status : new int[] {500, 503, 529}) {
            stubModels(anthropic, AnthropicFake.MODELS_PATH, aResponse().withStatus(status)
                    .withBody(anthropic.fixture("error-overloaded")));
            assertOutcome(VerificationOutcome.UNVERIFIED, "provider_error", status,
                    verify(ProviderKind.ANTHROPIC, base, "sk-ant-verify-0006"));
        }
    }

    @Test
    void a_timeout_a_reset_connection_or_nothing_listening_is_unverified(OpenAiFake openAi) throws Exception {
        stubModels(openAi, openAi.modelsPath(), aResponse().withStatus(200).withFixedDelay(3000));
        assertOutcome(VerificationOutcome.UNVERIFIED, "timeout", 0, verifier.verify(ProviderKind.OPENAI,
                URI.create(openAi.apiBaseUrl()), new ProviderCredential("sk-verify-0007"), Duration.ofMillis(300)));
        stubModels(openAi, openAi.modelsPath(), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        assertOutcome(VerificationOutcome.UNVERIFIED, "unreachable", 0,
                verify(ProviderKind.OPENAI, openAi.apiBaseUrl(), "sk-verify-0007"));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertOutcome(VerificationOutcome.UNVERIFIED, "unreachable", 0,
                verify(ProviderKind.OPENAI, "http://127.0.0.1:" + closedPort + "/v1", "sk-verify-0007"));
    }

    @Test
    void a_redirect_is_not_followed_and_proves_nothing(OpenAiFake openAi) {
        stubModels(openAi, openAi.modelsPath(), aResponse().withStatus(302)
                .withHeader("location", openAi.baseUrl() + "/elsewhere/models"));
        assertOutcome(VerificationOutcome.UNVERIFIED, "unexpected_status", 302,
                verify(ProviderKind.OPENAI, openAi.apiBaseUrl(), "sk-verify-0008"));
        assertEquals(1, openAi.requests().size(), "the key was not carried to the redirect target");
    }

    @Test
    void an_openai_compatible_server_is_asked_below_its_own_base_path() {
        try (OpenAiFake azure = new OpenAiFake("/openai")) {
            azure.acceptKeys(key -> !key.contains("invalid"));
            assertOutcome(VerificationOutcome.VALID, "accepted", 200,
                    verify(ProviderKind.OPENAI_COMPATIBLE, azure.apiBaseUrl() + "/", "azure-key-0009"));
            assertEquals("/openai/v1/models", azure.requests().get(0).path());
            assertEquals("Bearer azure-key-0009", azure.requests().get(0).header("authorization"));
            assertOutcome(VerificationOutcome.INVALID, "rejected", 401,
                    verify(ProviderKind.OPENAI_COMPATIBLE, azure.apiBaseUrl(), "azure-invalid-0009"));
            assertOutcome(VerificationOutcome.UNVERIFIED, "unexpected_status", 404,
                    verify(ProviderKind.OPENAI_COMPATIBLE, azure.baseUrl() + "/no-models-here",
                            "azure-key-0009"));
        }
    }
}
