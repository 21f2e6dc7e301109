package dev.byok.testing;

import dev.byok.testing.aws.LocalAws;
import dev.byok.testing.providers.ProviderFakes;

import java.util.HashMap;
import java.util.Map;

/**
 * The configuration a function gets in tests: the emulator's resources (started on first use) and the provider
 * fakes' base URLs, as the environment variables of template.yaml would give them in AWS.
 */
public final class TestApplication {
    private TestApplication() {
    }

    public static Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>(LocalAws.shared().applicationProperties());
        properties.put("byok.providers.anthropic-base-url", ProviderFakes.anthropic().baseUrl() + "/v1");
        properties.put("byok.providers.openai-base-url", ProviderFakes.openAi().baseUrl() + "/v1");
        properties.put("byok.providers.gemini-base-url", ProviderFakes.gemini().baseUrl() + "/v1beta");
        properties.put("byok.providers.allowed-private-hosts", "127.0.0.1,localhost");
        return properties;
    }
}
