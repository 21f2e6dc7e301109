package dev.byok.functions.usage;

import dev.byok.runs.RunPage;
import dev.byok.runs.RunQueryService;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.usage.UsageReport;
import dev.byok.usage.UsageService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
    @Operation(summary = "Runs, tokens and exact cost for a date range, grouped by any of "
            + "recipe, department, model, provider, key, workflow, day")
    public UsageReport usage(@Parameter(hidden = true) AuthenticatedPrincipal principal,
                             @Nullable @QueryValue String from,
                             @Nullable @QueryValue String to,
                             @Parameter(description = "comma-separated: recipe, department, model, provider, key, "
                                     + "workflow, day") @Nullable @QueryValue("groupBy") String groupByParameter,
                             HttpRequest<?> request) {
        // Read every value: behind API Gateway, "a,b" arrives split into a list, and binding a String (or a
        // List<String>) to @QueryValue keeps only the first element. Locally the value arrives unsplit.
        List<String> groupBy = request.getParameters().getAll("groupBy");
        return usage.report(principal, from, to, groupBy.isEmpty() ? null : String.join(",", groupBy));
    }

    @Get("/runs")
    @Operation(summary = "Run metadata, newest first, paginated with an opaque cursor")
    public RunPage runs(@Parameter(hidden = true) AuthenticatedPrincipal principal, @Nullable @QueryValue String from,
                        @Nullable @QueryValue String to, @Nullable @QueryValue String recipeId,
                        @Nullable @QueryValue String status, @Nullable @QueryValue String limit,
                        @Nullable @QueryValue String cursor) {
        return runs.list(principal, from, to, recipeId, status, limit, cursor);
    }
}
