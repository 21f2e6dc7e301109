package dev.byok.functions.keys;

import dev.byok.keys.KeyService;
import dev.byok.keys.KeyView;
import dev.byok.keys.RegisterKeyRequest;
import dev.byok.keys.RotateKeyRequest;
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
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code /keys}: register (by value or by Secrets Manager reference), list, show, rotate, verify and delete provider
 * keys. Parsing and mapping only; see KeyService.
 */
@Controller("/keys")
@Tag(name = "keys")
public class KeysController {
    private final KeyService keys;

    public KeysController(KeyService keys) {
        this.keys = keys;
    }

    @Post
    @Status(HttpStatus.CREATED)
    @Operation(summary = "Register a provider API key: by value (encrypted with KMS before it is stored; never "
            + "returned) or by reference to a Secrets Manager secret; ?verify=true checks it with the provider")
    public KeyView register(@Parameter(hidden = true) AuthenticatedPrincipal principal,
                            @Nullable @Body RegisterKeyRequest request,
                            @Parameter(description = "true: check the key with the provider before answering")
                            @Nullable @QueryValue String verify) {
        return keys.register(principal, request, verify);
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

    @Put("/{keyId}")
    @Operation(summary = "Rotate a key: new value (or re-read secret), version + 1, status back to UNVERIFIED; "
            + "no run uses the old value once this returns")
    public KeyView rotate(@Parameter(hidden = true) AuthenticatedPrincipal principal, @PathVariable String keyId,
                          @Nullable @Body RotateKeyRequest request) {
        return keys.rotate(principal, keyId, request);
    }

    @Post("/{keyId}/verify")
    @Operation(summary = "Check the key with its provider's cheapest authenticated call and record "
            + "VALID, INVALID or UNVERIFIED")
    public KeyView verify(@Parameter(hidden = true) AuthenticatedPrincipal principal, @PathVariable String keyId) {
        return keys.verify(principal, keyId);
    }

    @Delete("/{keyId}")
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a key and its secret material; runs that use it then fail with 409")
    public void delete(@Parameter(hidden = true) AuthenticatedPrincipal principal, @PathVariable String keyId) {
        keys.delete(principal, keyId);
    }
}
