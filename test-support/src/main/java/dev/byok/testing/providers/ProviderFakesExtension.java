package dev.byok.testing.providers;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension behind {@link WithProviderFakes}: resolves parameters of type {@link AnthropicFake},
 * {@link OpenAiFake} and {@link GeminiFake} with the JVM-wide instances of {@link ProviderFakes}, and resets them after
 * each test, so stubs a test adds never leak into the next one. Don't run such tests in parallel.
 */
public final class ProviderFakesExtension implements ParameterResolver, AfterEachCallback {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == AnthropicFake.class || type == OpenAiFake.class || type == GeminiFake.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == AnthropicFake.class) {
            return ProviderFakes.anthropic();
        }
        if (type == OpenAiFake.class) {
            return ProviderFakes.openAi();
        }
        return ProviderFakes.gemini();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ProviderFakes.resetStarted();
    }
}
