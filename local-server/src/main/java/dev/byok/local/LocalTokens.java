package dev.byok.local;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.Map;

/**
 * Local bearer tokens and the tenant each one stands for ({@code byok.local.tokens} in application-local.yml).
 * They replace the JWT authorizer that API Gateway runs in AWS; they exist only in this module, which is never
 * deployed.
 */
@ConfigurationProperties("byok.local")
public record LocalTokens(@Bindable(defaultValue = "") Map<String, String> tokens) {
}
