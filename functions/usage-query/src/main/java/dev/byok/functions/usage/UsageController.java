package dev.byok.functions.usage;

import dev.byok.runs.RunPage;
import dev.byok.runs.RunQueryService;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.usage.UsageCsv;
import dev.byok.usage.UsageFormat;
import dev.byok.usage.UsageReport;
import dev.byok.usage.UsageService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/** {@code GET /usage} and {@code GET /runs}: read-only analytics over run metadata. */
@Controller
@Tag(name = "usage")
public class UsageController {
    private final UsageService usage;
    private final RunQueryService runs;

    public UsageController(UsageService usage, RunQueryService runs) {
        this.usage = usage;
        this.runs = runs;
    }

    @Get("/usage")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Runs, tokens and exact cost for a range of days in the tenant's time zone, grouped by any "
            + "of recipe, department, model, provider, key, workflow, day; JSON, or CSV with Accept: text/csv")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UsageReport.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    public HttpResponse<?> usage(@Parameter(hidden = true) AuthenticatedPrincipal principal,
                                 @Nullable @QueryValue String from,
                                 @Nullable @QueryValue String to,
                                 @Parameter(description = "comma-separated: recipe, department, model, provider, key, "
                                         + "workflow, day") @Nullable @QueryValue("groupBy") String groupByParameter,
                                 @Parameter(hidden = true) @Nullable @Header(HttpHeaders.ACCEPT) String accept,
                                 HttpRequest<?> request) {
        UsageFormat format = UsageFormat.negotiate(accept);
        // Read every value: behind API Gateway, "a,b" arrives split into a list, and binding a String (or a
        // List<String>) to @QueryValue keeps only the first element. Locally the value arrives unsplit.
        List<String> groupBy = request.getParameters().getAll("groupBy");
        UsageReport report = usage.report(principal, from, to, groupBy.isEmpty() ? null : String.join(",", groupBy));
        return format == UsageFormat.CSV
                ? HttpResponse.ok(UsageCsv.render(report)).contentType(UsageCsv.MEDIA_TYPE)
                : HttpResponse.ok(report).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Get("/runs")
    @Operation(summary = "Run metadata, newest first, paginated with an opaque cursor; from and to are days in the "
            + "tenant's time zone (default: the last 30 days)")
    public RunPage runs(@Parameter(hidden = true) AuthenticatedPrincipal principal, @Nullable @QueryValue String from,
                        @Nullable @QueryValue String to, @Nullable @QueryValue String recipeId,
                        @Nullable @QueryValue String status, @Nullable @QueryValue String limit,
                        @Nullable @QueryValue String cursor) {
        return runs.list(principal, from, to, recipeId, status, limit, cursor);
    }
}
