package dev.byok.functions.keys;

import dev.byok.settings.SettingsRequest;
import dev.byok.settings.SettingsService;
import dev.byok.settings.SettingsView;
import dev.byok.tenancy.AuthenticatedPrincipal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET|PUT /settings}: the tenant's settings (its time zone). Parsing and mapping only; see SettingsService. */
@Controller("/settings")
@Tag(name = "settings")
public class SettingsController {
    private final SettingsService settings;

    public SettingsController(SettingsService settings) {
        this.settings = settings;
    }

    @Get
    @Operation(summary = "The tenant's settings: the IANA time zone usage days are counted in (default UTC)")
    public SettingsView get(@Parameter(hidden = true) AuthenticatedPrincipal principal) {
        return settings.get(principal);
    }

    @Put
    @Operation(summary = "Replace the tenant's settings; the time zone must be an IANA zone name such as Europe/Berlin")
    public SettingsView update(@Parameter(hidden = true) AuthenticatedPrincipal principal,
                               @Nullable @Body SettingsRequest request) {
        return settings.update(principal, request);
    }
}
