package dev.byok.providers;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

/**
 * Any endpoint speaking OpenAI Chat Completions (Azure OpenAI v1, Ollama, vLLM, Groq, ...), at the base URL stored
 * with the key (checked by {@code BaseUrlPolicy} when the key was registered). Same wire format as
 * {@link OpenAiClient}, except that the output cap is sent as {@code max_tokens}, the field every compatible server
 * understands; usage details (cached, reasoning) are optional and count as zero when absent.
 */
@Singleton
public class OpenAiCompatibleClient extends OpenAiClient {
    public OpenAiCompatibleClient(ProviderHttp http, ObjectMapper mapper) {
        super(http, mapper);
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.OPENAI_COMPATIBLE;
    }

    @Override
    protected String maxTokensField() {
        return "max_tokens";
    }
}
