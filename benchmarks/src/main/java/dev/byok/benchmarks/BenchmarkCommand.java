package dev.byok.benchmarks;

import dev.byok.testing.lambda.LambdaEvents;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The benchmark command ({@code bin/benchmark}): runs every {@link Measurement} on the class path (or those named
 * with {@code --only}) within the time budget and writes BENCHMARKS.md. Exit code 0 when every measurement produced
 * its figures, 1 when one failed (its section then says why), 2 for bad arguments.
 */
public final class BenchmarkCommand {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    private BenchmarkCommand() {
    }

    public static void main(String[] args) throws IOException {
        // Before anything logs: the application code run in process logs to a file, not over the progress lines.
        Path work = LambdaEvents.repositoryRoot().resolve("benchmarks").resolve("target").resolve("benchmark-work");
        Files.createDirectories(work);
        System.setProperty("byok.benchmark.log", work.resolve("harness.log").toString());
        System.setProperty("logback.configurationFile", "benchmark-logback.xml");
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            boolean help = args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
            System.err.print(e.getMessage());
            System.err.println((help ? "" : "\n") + "Measurements present (ids for --only): " + ServiceLoader
                    .load(Measurement.class).stream().map(p -> p.get())
                    .sorted(Comparator.comparingInt(Measurement::order)).map(Measurement::id).toList());
            System.exit(help ? 0 : 2);
            return;
        }
        System.exit(run(options, System.err) ? 0 : 1);
    }

    /** Runs the selected measurements and writes the file; false when one of them failed. */
    static boolean run(BenchmarkOptions options, PrintStream log) throws IOException {
        Path root = LambdaEvents.repositoryRoot();
        Path output = options.output() != null ? options.output() : root.resolve("BENCHMARKS.md");
        List<Measurement> measurements = new ArrayList<>();
        ServiceLoader.load(Measurement.class).forEach(m -> {
            if (options.selects(m.id())) {
                measurements.add(m);
            }
        });
        measurements.sort(Comparator.comparingInt(Measurement::order));
        if (measurements.isEmpty()) {
            log.println("No measurement selected (present: " + ServiceLoader.load(Measurement.class).stream()
                    .map(p -> p.get().id()).toList() + ")");
            return false;
        }

        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DATE);
        String loadAtStart = Machine.loadAverage().orElse("n/a");
        Instant end = Instant.now().plus(options.budget());
        boolean allSucceeded = true;
        List<BenchmarksFile.Section> sections = new ArrayList<>();
        Path work = root.resolve("benchmarks").resolve("target").resolve("benchmark-work");
        try (BenchmarkContext context = new BenchmarkContext(options, root, work, log)) {
            for (int i = 0; i < measurements.size(); i++) {
                Measurement measurement = measurements.get(i);
                // An equal share of what is left, so a slow measurement cannot starve the ones after it.
                Duration left = Duration.between(Instant.now(), end);
                context.deadline(Instant.now().plus(left.dividedBy(measurements.size() - i)));
                context.log("%s: %s (until %s)", measurement.id(), measurement.title(), context.deadline());
                String body;
                try {
                    body = measurement.run(context);
                } catch (Exception e) {
                    allSucceeded = false;
                    context.log("%s failed: %s", measurement.id(), e);
                    body = "**This measurement failed:** `" + e.getClass().getSimpleName() + ": "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "`. Rerun with `--only "
                            + measurement.id() + "` after fixing it; the progress log on stderr has the details.";
                }
                sections.add(new BenchmarksFile.Section(measurement.id(), measurement.order(), measurement.title(),
                        "_Measured " + date + " with `" + options.command() + "`._\n\n" + body));
            }
        }

        String previous = Files.isRegularFile(output) ? Files.readString(output) : "";
        BenchmarksFile.Run run = new BenchmarksFile.Run(date, options.command(), Machine.current(), loadAtStart,
                Machine.loadAverage().orElse("n/a"), options.note());
        Files.writeString(output, BenchmarksFile.render(run, sections, previous));
        log.println("[benchmark] wrote " + output);
        return allSucceeded;
    }
}
