package dev.byok.json;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * A plain Jackson mapper for free-form JSON: provider wire formats, JSON Schemas and run inputs. The HTTP layer uses
 * Micronaut Serde for its own bodies; this mapper never sees a Micronaut type.
 */
@Factory
public class JacksonFactory {
    @Singleton
    ObjectMapper objectMapper() {
        return create();
    }

    /**
     * Emoji and other characters outside the Basic Multilingual Plane are written as UTF-8 bytes, not as escaped
     * surrogate pairs, so the provider receives the caller's text byte for byte.
     */
    public static ObjectMapper create() {
        return JsonMapper.builder()
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }
}
