package dev.byok.benchmarks.throughput;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load on loopback: {@code concurrency} workers, each sending the next request as soon as the last one
 * answered, for a warm-up and then a fixed measured window. Every answer is checked for the expected status; the
 * latencies of the requests sent inside the window are kept.
 */
final class LoadGenerator {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The measured window of one load level. */
    record Window(int concurrency, double seconds, List<Double> latenciesMillis, long ok, long failed,
                  java.util.Map<Integer, Long> failedByStatus, double jvmCpuShare) {
        double perSecond() {
            return ok / seconds;
        }
    }

    Window run(HttpRequest request, int expectedStatus, int concurrency, Duration warmup, Duration measured)
            throws InterruptedException {
        long warmupEnds = System.nanoTime() + warmup.toNanos();
        long measuredEnds = warmupEnds + measured.toNanos();
        List<List<Double>> latencies = new ArrayList<>();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ConcurrentHashMap<Integer, Long> failedByStatus = new ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            List<Double> mine = new ArrayList<>();
            latencies.add(mine);
            workers.add(Thread.ofPlatform().name("load-" + w).start(() -> {
                while (true) {
                    long started = System.nanoTime();
                    if (started >= measuredEnds) {
                        return;
                    }
                    int status;
                    try {
                        status = client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                    } catch (IOException e) {
                        status = -1;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (started >= warmupEnds) {
                        mine.add((System.nanoTime() - started) / 1e6);
                        if (status == expectedStatus) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            failedByStatus.merge(status, 1L, Long::sum);
                        }
                    }
                }
            }));
        }
        Thread.sleep(Math.max(0, (warmupEnds - System.nanoTime()) / 1_000_000));
        long cpuAtStart = processCpuNanos();
        long cpuWallStart = System.nanoTime();
        for (Thread worker : workers) {
            worker.join();
        }
        long end = System.nanoTime();
        double cpuShare = (processCpuNanos() - cpuAtStart) / (double) (end - cpuWallStart)
                / Runtime.getRuntime().availableProcessors();
        List<Double> all = new ArrayList<>();
        latencies.forEach(all::addAll);
        // The window runs from its nominal start (whenever this thread woke up) to the last answer, which may come
        // a little after its nominal end: every request counted was sent inside it.
        return new Window(concurrency, (end - warmupEnds) / 1e9, all, ok.get(), failed.get(),
                java.util.Map.copyOf(failedByStatus), cpuShare);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder request(URI uri, String token) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
    }

    private static long processCpuNanos() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
    }
}
