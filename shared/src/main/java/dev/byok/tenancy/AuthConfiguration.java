package dev.byok.tenancy;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * How the tenant is read from a validated JWT. {@code byok.auth.tenant-claim} ({@code BYOK_TENANT_CLAIM}) names the
 * claim; with the Cognito pool of template.yaml it is {@code custom:tenant}.
 */
@ConfigurationProperties("byok.auth")
public record AuthConfiguration(@Bindable(defaultValue = "custom:tenant") String tenantClaim) {
}
