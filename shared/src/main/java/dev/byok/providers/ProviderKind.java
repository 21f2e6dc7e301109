package dev.byok.providers;

import java.util.Arrays;
import java.util.Optional;

/** The providers a key and a recipe step can name, with their API names ({@code "openai-compatible"}, ...). */
public enum ProviderKind {
    ANTHROPIC("anthropic"),
    OPENAI("openai"),
    GEMINI("gemini"),
    /** Any endpoint speaking OpenAI Chat Completions (Azure OpenAI v1, Ollama, vLLM, Groq, ...): needs a baseUrl. */
    OPENAI_COMPATIBLE("openai-compatible");

    private final String wireName;

    ProviderKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ProviderKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(kind -> kind.wireName.equals(name)).findFirst();
    }

    public static String allWireNames() {
        return String.join(", ", Arrays.stream(values()).map(ProviderKind::wireName).toList());
    }
}
