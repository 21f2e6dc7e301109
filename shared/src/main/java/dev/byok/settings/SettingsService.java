package dev.byok.settings;

import dev.byok.error.RequestValidator;
import dev.byok.logging.LogContext;
import dev.byok.tenancy.AuthenticatedPrincipal;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|PUT /settings}: the tenant's time zone, in which usage days are counted. A tenant that never saved
 * settings has the defaults (UTC). A new zone applies to runs recorded after the change (within a minute in every
 * execution environment, see {@link TenantTimeZones}); days already counted keep the zone they were counted in.
 */
@Singleton
public class SettingsService {
    static final int MAX_TIMEZONE_LENGTH = 64;
    private static final Logger LOG = LoggerFactory.getLogger(SettingsService.class);

    private final TenantSettingsRepository repository;
    private final TenantTimeZones timeZones;

    public SettingsService(TenantSettingsRepository repository, TenantTimeZones timeZones) {
        this.repository = repository;
        this.timeZones = timeZones;
    }

    public SettingsView get(AuthenticatedPrincipal principal) {
        LogContext.putTenant(principal.tenant());
        return SettingsView.of(repository.find(principal.tenant()).orElse(TenantSettings.DEFAULTS));
    }

    public SettingsView update(AuthenticatedPrincipal principal, SettingsRequest request) {
        LogContext.putTenant(principal.tenant());
        String timezone = request == null ? null : request.timezone();
        RequestValidator validator = new RequestValidator()
                .requireText(timezone, "timezone", MAX_TIMEZONE_LENGTH);
        if (timezone != null && !timezone.isBlank() && timezone.length() <= MAX_TIMEZONE_LENGTH) {
            validator.require(TenantSettings.isIanaZone(timezone),
                    "timezone must be an IANA time zone name such as Europe/Berlin, Asia/Kolkata or UTC");
        }
        validator.throwIfInvalid("The settings are not valid.");

        TenantSettings settings = new TenantSettings(timezone);
        repository.save(principal.tenant(), settings);
        timeZones.forget(principal.tenant());
        LOG.info("tenant settings updated");
        return SettingsView.of(settings);
    }
}
