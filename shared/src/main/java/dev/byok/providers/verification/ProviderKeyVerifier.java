package dev.byok.providers.verification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.byok.providers.ProviderCredential;
import dev.byok.providers.ProviderErrorClass;
import dev.byok.providers.ProviderException;
import dev.byok.providers.ProviderHttp;
import dev.byok.providers.ProviderKind;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Checks a key with each provider's cheapest call that needs authentication and costs no tokens:
 * {@code GET {base}/models}. Anthropic gets {@code x-api-key} and {@code anthropic-version}; OpenAI and
 * OpenAI-compatible servers a bearer token; Gemini the {@code x-goog-api-key} header (never {@code ?key=}, which ends
 * up in URL logs). 2xx is valid; 401 and 403, and Gemini's 400 with reason {@code API_KEY_INVALID}, are invalid;
 * everything else is unverified. Error bodies are read only for Gemini's reason code, never for their message (some
 * providers echo part of the key in it).
 */
@Singleton
public class ProviderKeyVerifier {
    static final String ANTHROPIC_VERSION = "2023-06-01";

    private final ProviderHttp http;

    public ProviderKeyVerifier(ProviderHttp http) {
        this.http = http;
    }

    public VerificationResult verify(ProviderKind provider, URI baseUrl, ProviderCredential credential,
                                     Duration timeout) {
        HttpRequest.Builder request = http.jsonRequest(modelsUri(baseUrl), timeout).GET();
        switch (provider) {
            case ANTHROPIC -> request.header("x-api-key", credential.reveal())
                    .header("anthropic-version", ANTHROPIC_VERSION);
            case OPENAI, OPENAI_COMPATIBLE -> request.header("authorization", "Bearer " + credential.reveal());
            case GEMINI -> request.header("x-goog-api-key", credential.reveal());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build());
        } catch (ProviderException failure) {
            String reason = failure.errorClass() == ProviderErrorClass.TIMEOUT ? "timeout" : "unreachable";
            return new VerificationResult(VerificationOutcome.UNVERIFIED, reason, 0);
        }
        return classify(provider, response);
    }

    private VerificationResult classify(ProviderKind provider, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new VerificationResult(VerificationOutcome.VALID, "accepted", status);
        }
        if (status == 401 || status == 403 || (provider == ProviderKind.GEMINI && status == 400
                && geminiKeyInvalid(response))) {
            return new VerificationResult(VerificationOutcome.INVALID, "rejected", status);
        }
        String reason = status == 429 ? "rate_limited" : status >= 500 ? "provider_error" : "unexpected_status";
        return new VerificationResult(VerificationOutcome.UNVERIFIED, reason, status);
    }

    /** google.rpc.Status: {@code error.details[].reason == "API_KEY_INVALID"}. */
    private boolean geminiKeyInvalid(HttpResponse<byte[]> response) {
        JsonNode details = http.parseQuietly(response).map(body -> body.path("error").path("details"))
                .orElse(null);
        if (details == null || !details.isArray()) {
            return false;
        }
        for (JsonNode detail : details) {
            if ("API_KEY_INVALID".equals(detail.path("reason").asText())) {
                return true;
            }
        }
        return false;
    }

    /** {@code {base}/models}, keeping the base's path (e.g. Azure's {@code /openai/v1}) and dropping a final slash. */
    static URI modelsUri(URI baseUrl) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/models");
    }
}
