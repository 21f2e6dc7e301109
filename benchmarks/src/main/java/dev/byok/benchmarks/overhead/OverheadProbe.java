package dev.byok.benchmarks.overhead;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.byok.aws.InMemoryAdapters;
import dev.byok.benchmarks.InMemoryApplication;
import dev.byok.keys.KeyService;
import dev.byok.keys.RegisterKeyRequest;
import dev.byok.tenancy.AuthenticatedPrincipal;
import dev.byok.tenancy.TenantId;
import dev.byok.testing.lambda.LambdaEvents;
import dev.byok.testing.lambda.TestLambdaContext;
import dev.byok.testing.providers.AnthropicFake;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Runs in its own JVM (started by {@link OverheadMeasurement} with the JVM options under test): the real HTTP API
 * Lambda handler of the product, with in-memory adapters, against a zero-latency Anthropic fake on loopback. After
 * a warm-up it alternates one run through the handler with the very same provider request sent directly with the
 * same HTTP client, and writes every timing (nanoseconds) as JSON.
 *
 * <p>Arguments: {@code <warm-up runs> <max measured runs> <seconds> <output file>}.
 */
public final class OverheadProbe {
    static final int RESET_JOURNAL_EVERY = 1_000;

    private OverheadProbe() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[0]);
        int max = Integer.parseInt(args[1]);
        Duration budget = Duration.ofSeconds(Long.parseLong(args[2]));
        Path output = Path.of(args[3]);

        InMemoryApplication.refuseAws();
        InMemoryAdapters adapters = new InMemoryAdapters();
        TimedProviderHttp http = new TimedProviderHttp();
        try (AnthropicFake anthropic = new AnthropicFake()) {
            APIGatewayV2HTTPEventFunction handler = new APIGatewayV2HTTPEventFunction() {
                @Override
                protected ApplicationContextBuilder newApplicationContextBuilder() {
                    return super.newApplicationContextBuilder().properties(InMemoryApplication.properties(anthropic))
                            .beanDefinitions(InMemoryApplication.beans(adapters, http));
                }
            };
            try {
                Files.writeString(output, measure(handler, adapters, http, anthropic, warmup, max, budget));
            } finally {
                handler.close();
            }
        }
        System.exit(0);
    }

    private static String measure(APIGatewayV2HTTPEventFunction handler, InMemoryAdapters adapters,
                                  TimedProviderHttp http, AnthropicFake anthropic, int warmup, int max,
                                  Duration budget) throws Exception {
        String recipeId = seed(handler, adapters);
        APIGatewayV2HTTPEvent event = LambdaEvents.load("recipes-run.json",
                Map.of("recipeId", recipeId, "company", "Acme Garden", "message", "Where is my order #1234?"));

        for (int i = 0; i < warmup; i++) {
            runOnce(handler, event, http);
            directOnce(http);
            if (i % RESET_JOURNAL_EVERY == 0) {
                anthropic.server().resetRequests();
            }
        }

        long[] total = new long[max];
        long[] provider = new long[max];
        long[] direct = new long[max];
        int readsBefore = adapters.prerequisites.reads();
        int writesBefore = adapters.runs.writes();
        long gcCountBefore = gcCount();
        long gcMillisBefore = gcMillis();
        long end = System.nanoTime() + budget.toNanos();
        int n = 0;
        while (n < max && System.nanoTime() < end) {
            // Alternate which side goes first, so neither always finds the connection or caches just warmed.
            if (n % 2 == 0) {
                long[] run = runOnce(handler, event, http);
                direct[n] = directOnce(http);
                total[n] = run[0];
                provider[n] = run[1];
            } else {
                direct[n] = directOnce(http);
                long[] run = runOnce(handler, event, http);
                total[n] = run[0];
                provider[n] = run[1];
            }
            n++;
            if (n % RESET_JOURNAL_EVERY == 0) {
                anthropic.server().resetRequests(); // WireMock's request journal would grow without bound
            }
        }

        ObjectMapper json = new ObjectMapper();
        ObjectNode result = json.createObjectNode();
        result.put("jvmOptions", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        result.put("warmupRuns", warmup);
        result.put("measuredRuns", n);
        result.put("batchedReadsPerRun", (adapters.prerequisites.reads() - readsBefore) / (double) n);
        result.put("writesPerRun", (adapters.runs.writes() - writesBefore) / (double) n);
        result.put("envelopeDecryptions", adapters.cipher.decryptions());
        result.put("gcCount", gcCount() - gcCountBefore);
        result.put("gcMillis", gcMillis() - gcMillisBefore);
        var totals = result.putArray("totalNanos");
        var providers = result.putArray("providerNanos");
        var directs = result.putArray("directNanos");
        for (int i = 0; i < n; i++) {
            totals.add(total[i]);
            providers.add(provider[i]);
            directs.add(direct[i]);
        }
        return json.writeValueAsString(result);
    }

    /** A key (through the real KeyService, sealed by the in-memory envelope) and a recipe (through the handler). */
    private static String seed(APIGatewayV2HTTPEventFunction handler, InMemoryAdapters adapters) throws Exception {
        AuthenticatedPrincipal acme = new AuthenticatedPrincipal(new TenantId("acme"), "benchmark");
        String keyId = handler.getApplicationContext().getBean(KeyService.class).register(acme,
                new RegisterKeyRequest("anthropic", "benchmark key", "sk-ant-benchmark-0000-1234", null, null))
                .keyId();
        APIGatewayV2HTTPResponse created = handler.handleRequest(
                LambdaEvents.load("recipes-create.json", Map.of("keyId", keyId)), new TestLambdaContext());
        if (created.getStatusCode() != 201) {
            throw new IllegalStateException("creating the recipe answered " + created.getStatusCode());
        }
        if (adapters.recipes.list(acme.tenant()).size() != 1) {
            throw new IllegalStateException("the recipe did not reach the in-memory repository");
        }
        return new ObjectMapper().readTree(created.getBody()).get("recipeId").asText();
    }

    /** One run through the handler: {total, provider} nanoseconds. Anything but a 200 stops the measurement. */
    private static long[] runOnce(APIGatewayV2HTTPEventFunction handler, APIGatewayV2HTTPEvent template,
                                  TimedProviderHttp http) {
        APIGatewayV2HTTPEvent event = LambdaEvents.copy(template);
        TestLambdaContext lambdaContext = new TestLambdaContext();
        http.takeProviderNanos();
        long started = System.nanoTime();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, lambdaContext);
        long total = System.nanoTime() - started;
        long provider = http.takeProviderNanos();
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("a run answered " + response.getStatusCode() + ": " + response.getBody());
        }
        return new long[]{total, provider};
    }

    /** The last provider request, sent again with the same client: nanoseconds. */
    private static long directOnce(TimedProviderHttp http) {
        HttpRequest request = http.lastRequest();
        long started = System.nanoTime();
        HttpResponse<byte[]> response = http.sendDirectly(request);
        long elapsed = System.nanoTime() - started;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the direct call answered " + response.statusCode());
        }
        return elapsed;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(c -> c > 0).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(c -> c > 0).sum();
    }
}
