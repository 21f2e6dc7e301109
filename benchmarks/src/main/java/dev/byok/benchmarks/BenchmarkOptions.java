package dev.byok.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmark command's options.
 *
 * @param runs              measured repetitions per subject (cold starts per artifact, ...)
 * @param warmups           repetitions run first and discarded
 * @param budget            upper bound for all measurements together; each gets an equal share of what is left
 * @param invocationTimeout longest wait for one Lambda JVM's response before that run counts as failed
 * @param output            the file to write (BENCHMARKS.md at the repository root unless given)
 * @param only              ids of the measurements to run; empty means all present
 * @param note              a remark for the report, e.g. that the machine was busy
 * @param command           the command line to print in the report
 */
public record BenchmarkOptions(int runs, int warmups, Duration budget, Duration invocationTimeout, Path output,
                               Set<String> only, String note, String command) {

    public static final String USAGE = """
            Usage: bin/benchmark [options]
              --runs N                 measured repetitions per subject (default 5)
              --warmups N              discarded repetitions before them (default 1)
              --budget DURATION        upper bound for the whole run, e.g. 10m or 300s (default 20m)
              --invocation-timeout D   longest wait for one Lambda JVM to answer (default 60s)
              --only ID[,ID...]        run only these measurements (the others' sections are kept)
              --note TEXT              a remark printed with the machine, e.g. "machine busy with other builds"
              --output FILE            where to write (default BENCHMARKS.md at the repository root)
            """;

    public BenchmarkOptions {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        if (warmups < 0) {
            throw new IllegalArgumentException("--warmups must not be negative");
        }
        if (budget.isNegative() || budget.isZero() || invocationTimeout.isNegative() || invocationTimeout.isZero()) {
            throw new IllegalArgumentException("durations must be positive");
        }
        only = Set.copyOf(only);
    }

    /** Parses command-line arguments; {@code --command} is set by bin/benchmark to what the user typed. */
    public static BenchmarkOptions parse(String... args) {
        int runs = 5;
        int warmups = 1;
        Duration budget = Duration.ofMinutes(20);
        Duration invocationTimeout = Duration.ofSeconds(60);
        Path output = null;
        Set<String> only = new LinkedHashSet<>();
        String note = "";
        String command = null;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            if (option.equals("--help") || option.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("missing value for " + option + "\n" + USAGE);
            }
            String value = rest.remove(0);
            switch (option) {
                case "--runs" -> runs = Integer.parseInt(value);
                case "--warmups" -> warmups = Integer.parseInt(value);
                case "--budget" -> budget = duration(value);
                case "--invocation-timeout" -> invocationTimeout = duration(value);
                case "--output" -> output = Path.of(value);
                case "--only" -> only.addAll(List.of(value.split(",")));
                case "--note" -> note = value;
                case "--command" -> command = value;
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        if (command == null) {
            command = commandLine(args);
        }
        return new BenchmarkOptions(runs, warmups, budget, invocationTimeout, output, only, note, command);
    }

    /** {@code bin/benchmark} and the arguments as a shell would need them, without the note (it is shown apart). */
    static String commandLine(String... args) {
        StringBuilder line = new StringBuilder("bin/benchmark");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--note") || args[i].equals("--command")) {
                i++;
                continue;
            }
            line.append(' ').append(args[i].matches("[A-Za-z0-9_./,:=@%+-]+") ? args[i]
                    : "'" + args[i].replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    /** {@code 90s}, {@code 10m}, {@code 1h}, {@code 500ms}, or an ISO-8601 duration such as {@code PT10M}. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            throw new IllegalArgumentException("no unit");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: " + text + " (use e.g. 90s, 10m)", e);
        }
    }

    /** Whether the measurement with this id should run. */
    public boolean selects(String id) {
        return only.isEmpty() || only.contains(id);
    }
}
