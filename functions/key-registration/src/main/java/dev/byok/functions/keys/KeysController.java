package dev.byok.functions.keys;

import dev.byok.keys.KeyService;
import dev.byok.keys.KeyView;
import dev.byok.keys.RegisterKeyRequest;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.web.Items;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code /keys}: register a provider key, list, show and delete keys. Parsing and mapping only; see KeyService. */
@Controller("/keys")
@Tag(name = "keys")
public class KeysController {
    private final KeyService keys;

    public KeysController(KeyService keys) {
        this.keys = keys;
    }

    @Post
    @Status(HttpStatus.CREATED)
    @Operation(summary = "Register a provider API key (encrypted with KMS before it is stored; never returned)")
    public KeyView register(@Parameter(hidden = true) AuthenticatedPrincipal principal,
                            @Nullable @Body RegisterKeyRequest request) {
        return keys.register(principal, request);
    }

    @Get
    @Operation(summary = "List the tenant's keys (metadata, last 4 characters and fingerprint only)")
    public Items<KeyView> list(@Parameter(hidden = true) AuthenticatedPrincipal principal) {
        return new Items<>(keys.list(principal));
    }

    @Get("/{keyId}")
    @Operation(summary = "Show one key's metadata")
    public KeyView get(@Parameter(hidden = true) AuthenticatedPrincipal principal, @PathVariable String keyId) {
        return keys.get(principal, keyId);
    }

    @Delete("/{keyId}")
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a key and its secret material; runs that use it then fail with 409")
    public void delete(@Parameter(hidden = true) AuthenticatedPrincipal principal, @PathVariable String keyId) {
        keys.delete(principal, keyId);
    }
}
