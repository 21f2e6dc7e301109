package dev.byok.logging;

import dev.byok.tenancy.TenantId;
import io.micronaut.http.context.ServerRequestContext;
import org.slf4j.MDC;

/**
 * The ids every log line carries (as MDC fields of the JSON log): tenant, request, run, recipe, key, and for workflow
 * steps the workflow, its run and the step's name. Ids only: a log line never carries a payload, prompt, input,
 * output or key material.
 */
public final class LogContext {
    public static final String TENANT = "tenantId";
    public static final String REQUEST = "requestId";
    public static final String RUN = "runId";
    public static final String RECIPE = "recipeId";
    public static final String KEY = "keyId";
    public static final String WORKFLOW = "workflowId";
    public static final String WORKFLOW_RUN = "workflowRunId";
    public static final String STEP = "stepName";

    private LogContext() {
    }

    /**
     * The tenant, and the id of the request being handled (from the request, where the request filter keeps it): on
     * the local server the services run on other threads than that filter, so this is where their log lines get it.
     */
    public static void putTenant(TenantId tenant) {
        MDC.put(TENANT, tenant.value());
        ServerRequestContext.currentRequest()
                .flatMap(request -> request.getAttribute(REQUEST, String.class))
                .ifPresent(requestId -> MDC.put(REQUEST, requestId));
    }

    public static void putRequest(String requestId) {
        MDC.put(REQUEST, requestId);
    }

    public static void put(String field, String value) {
        if (value != null) {
            MDC.put(field, value);
        }
    }

    public static void clear() {
        MDC.clear();
    }
}
