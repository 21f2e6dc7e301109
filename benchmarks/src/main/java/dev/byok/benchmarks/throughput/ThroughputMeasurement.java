package dev.byok.benchmarks.throughput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.aws.InMemoryAdapters;
import dev.byok.benchmarks.BenchmarkContext;
import dev.byok.benchmarks.InMemoryApplication;
import dev.byok.benchmarks.MarkdownTable;
import dev.byok.benchmarks.Measurement;
import dev.byok.benchmarks.Samples;
import dev.byok.benchmarks.overhead.TimedProviderHttp;
import dev.byok.local.LocalDevServer;
import dev.byok.testing.providers.AnthropicFake;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measurement 4: runs per second through the local server on this machine, against the zero-latency provider fake,
 * with the latency distribution. Closed-loop load at a few fixed concurrencies, each for a fixed window after a
 * warm-up, every answer checked for 200. Twice: the local server as shipped ({@code LocalDevServer}: Netty, moto as
 * AWS), and the same controllers on Netty with the in-memory adapters, which shows the orchestration's own ceiling.
 */
public final class ThroughputMeasurement implements Measurement {
    static final int[] CONCURRENCY = {1, 4, 16};
    static final String TOKEN = "local-token-acme";
    private static final Duration WARMUP = Duration.ofSeconds(3);
    private static final Duration WINDOW = Duration.ofSeconds(12);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One server set-up and its windows. */
    record Setup(String name, List<LoadGenerator.Window> windows, String note) {
    }

    /** A running server and how to stop it. */
    private record Server(String apiUrl, AutoCloseable stop) {
    }

    @Override
    public String id() {
        return "throughput";
    }

    @Override
    public String title() {
        return "4. Throughput through the local server";
    }

    @Override
    public int order() {
        return 4;
    }

    @Override
    public String run(BenchmarkContext context) throws Exception {
        List<Setup> setups = new ArrayList<>();
        context.log("throughput: the local server with in-memory adapters");
        setups.add(measure(context, "local server, in-memory adapters", inMemoryServer()));
        context.log("throughput: the local server as shipped (moto as AWS)");
        LocalDevServer shipped = LocalDevServer.start(0);
        setups.add(measure(context, "local server as shipped (`LocalDevServer`, moto as AWS)",
                new Server(shipped.apiUrl(), shipped)));
        return render(setups);
    }

    private static Server inMemoryServer() {
        InMemoryApplication.refuseAws();
        AnthropicFake anthropic = new AnthropicFake();
        Map<String, Object> properties = new HashMap<>(InMemoryApplication.properties(anthropic));
        properties.put("micronaut.server.port", -1);
        ApplicationContext server = Micronaut.build(new String[0])
                .environments(LocalDevServer.ENVIRONMENT)
                .properties(properties)
                .beanDefinitions(InMemoryApplication.beans(new InMemoryAdapters(), new TimedProviderHttp()))
                .banner(false)
                .start();
        String url = "http://127.0.0.1:" + server.getBean(EmbeddedServer.class).getPort();
        return new Server(url, () -> {
            server.close();
            anthropic.close();
        });
    }

    private static Setup measure(BenchmarkContext context, String name, Server server) throws Exception {
        try (AutoCloseable ignored = server.stop()) {
            LoadGenerator load = new LoadGenerator();
            HttpRequest run = seed(load, server.apiUrl());
            List<LoadGenerator.Window> windows = new ArrayList<>();
            String note = "";
            for (int concurrency : CONCURRENCY) {
                if (!context.hasTimeFor(WARMUP.plus(WINDOW).plusSeconds(10))) {
                    note = "Stopped before concurrency " + concurrency + ": the time budget was reached.";
                    context.log("throughput: %s", note);
                    break;
                }
                LoadGenerator.Window window = load.run(run, 200, concurrency, WARMUP, WINDOW);
                context.log("throughput: %-45s concurrency %2d: %7.1f runs/s, p50 %6.1f ms, %d failed", name,
                        concurrency, window.perSecond(), window.latenciesMillis().isEmpty() ? Double.NaN
                                : Samples.of(window.latenciesMillis()).percentile(50), window.failed());
                windows.add(window);
            }
            return new Setup(name, windows, note);
        }
    }

    /** A key and a recipe through the API, as the README's walkthrough makes them; returns the run request. */
    private static HttpRequest seed(LoadGenerator load, String api) throws Exception {
        HttpResponse<String> key = load.send(LoadGenerator.request(URI.create(api + "/keys"), TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"provider\": \"anthropic\", \"label\": \"throughput "
                        + System.nanoTime() + "\", \"apiKey\": \"sk-ant-benchmark-0000-1234\"}")).build());
        expect(201, key);
        String keyId = JSON.readTree(key.body()).get("keyId").asText();
        HttpResponse<String> recipe = load.send(LoadGenerator.request(URI.create(api + "/recipes"), TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"name": "Support reply", "department": "support",
                         "system": "You are the support desk of {{company}}.",
                         "template": "Answer this customer politely: {{message}}",
                         "model": {"provider": "anthropic", "model": "claude-haiku-4-5", "keyId": "%s"},
                         "parameters": {"maxOutputTokens": 300}}""".formatted(keyId))).build());
        expect(201, recipe);
        JsonNode created = JSON.readTree(recipe.body());
        HttpRequest run = LoadGenerator.request(URI.create(api + "/recipes/" + created.get("recipeId").asText()
                        + "/runs"), TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"input\": {\"company\": \"Acme Garden\", \"message\": \"Where is my order #1234?\"}}"))
                .build();
        expect(200, load.send(run));
        return run;
    }

    private static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().uri().getPath() + " answered "
                    + response.statusCode() + " instead of " + status + ": " + response.body());
        }
    }

    // ------------------------------------------------------------------------------------------------------ report

    static String render(List<Setup> setups) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "`POST /recipes/{id}/runs` over HTTP/1.1 keep-alive on loopback, the "
                        + "README's recipe and input, bearer token `%s`, against the zero-latency Anthropic fake. "
                        + "Closed loop: each of *concurrency* clients sends its next run as soon as the last one "
                        + "answered; %d s of warm-up, then a %d s window whose every answer is checked for 200. The "
                        + "clients, the server, the fake (and moto) share this machine's %d cores. *JVM CPU* is the "
                        + "benchmark JVM's CPU time over the window as a share of all cores (server, clients and fake "
                        + "together; moto is another process). Latencies in ms.\n\n",
                TOKEN, WARMUP.toSeconds(), WINDOW.toSeconds(), Runtime.getRuntime().availableProcessors()));
        MarkdownTable table = MarkdownTable.aligned("lrrrrrrrrr", "server", "concurrency", "runs/s", "runs", "failed",
                "p50", "p90", "p99", "max", "JVM CPU");
        for (Setup setup : setups) {
            for (LoadGenerator.Window w : setup.windows()) {
                Samples latency = Samples.of(w.latenciesMillis());
                table.row(setup.name(), w.concurrency(), String.format(Locale.ROOT, "%.1f", w.perSecond()),
                        String.format(Locale.ROOT, "%,d", w.ok()),
                        w.failed() == 0 ? "0" : w.failed() + " " + w.failedByStatus(),
                        Samples.format(latency.percentile(50)), Samples.format(latency.percentile(90)),
                        Samples.format(latency.percentile(99)), Samples.format(latency.max()),
                        String.format(Locale.ROOT, "%.0f %%", 100 * w.jvmCpuShare()));
            }
        }
        out.append(table.render()).append('\n');
        setups.stream().filter(s -> !s.note().isEmpty()).forEach(s -> out.append(s.name()).append(": ")
                .append(s.note()).append('\n'));

        LoadGenerator.Window bestInMemory = best(setups.get(0));
        LoadGenerator.Window bestShipped = setups.size() > 1 ? best(setups.get(1)) : null;
        long failures = setups.stream().flatMap(s -> s.windows().stream()).mapToLong(LoadGenerator.Window::failed)
                .sum();
        out.append("\n**Reading** (no numeric target; the figure is what this machine sustains): ");
        if (bestInMemory != null) {
            out.append(String.format(Locale.ROOT, "with in-memory adapters the orchestration sustained %.0f runs/s "
                            + "(concurrency %d, p50 %s ms, p99 %s ms) on 2 cores it shares with the load and the fake",
                    bestInMemory.perSecond(), bestInMemory.concurrency(),
                    Samples.format(Samples.of(bestInMemory.latenciesMillis()).percentile(50)),
                    Samples.format(Samples.of(bestInMemory.latenciesMillis()).percentile(99))));
        }
        if (bestShipped != null) {
            out.append(String.format(Locale.ROOT, "; the local server as shipped sustained %.0f runs/s (concurrency "
                            + "%d): there every run is a `BatchGetItem` and a `TransactWriteItems` in moto, a single "
                            + "Python process that copies the whole table for each transaction, so the emulator is the "
                            + "bottleneck and the figure falls as the table grows. In AWS a function instance serves "
                            + "one request at a time and Lambda adds instances, so a deployment's ceiling is the "
                            + "account's concurrency and DynamoDB's partition limits (see docs/ARCHITECTURE.md, Hot "
                            + "items), not this figure",
                    bestShipped.perSecond(), bestShipped.concurrency()));
        }
        out.append(failures == 0 ? ". Every request answered 200.\n"
                : String.format(Locale.ROOT, ". %d requests did not answer 200 (see the table).\n", failures));
        return out.toString();
    }

    /** The window with the most runs per second, or null when none was measured. */
    private static LoadGenerator.Window best(Setup setup) {
        return setup.windows().stream().max(java.util.Comparator.comparingDouble(LoadGenerator.Window::perSecond))
                .orElse(null);
    }
}
