package dev.byok.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a {@link Measurement} gets from the command: the options, the repository, a scratch folder, its deadline,
 * progress logging, and shared local infrastructure started on first use and stopped at the end.
 */
public final class BenchmarkContext implements AutoCloseable {
    private final BenchmarkOptions options;
    private final Path repositoryRoot;
    private final Path workDirectory;
    private final PrintStream log;
    private final Set<String> handedOut = new HashSet<>();
    private Instant deadline = Instant.MAX;
    private LocalAwsEnvironment localAws;

    public BenchmarkContext(BenchmarkOptions options, Path repositoryRoot, Path workDirectory, PrintStream log) {
        this.options = Objects.requireNonNull(options, "options");
        this.repositoryRoot = repositoryRoot.toAbsolutePath().normalize();
        this.workDirectory = workDirectory.toAbsolutePath().normalize();
        this.log = log;
    }

    public BenchmarkOptions options() {
        return options;
    }

    /** Measured repetitions per subject. */
    public int runs() {
        return options.runs();
    }

    /** Discarded repetitions before them. */
    public int warmups() {
        return options.warmups();
    }

    public Path repositoryRoot() {
        return repositoryRoot;
    }

    /** The benchmarks module's build folder (target/): the baseline jar and the Lambda runtime client are there. */
    public Path moduleBuildDirectory() {
        return repositoryRoot.resolve("benchmarks").resolve("target");
    }

    /**
     * A scratch folder under {@code benchmarks/target/benchmark-work/} (logs, task roots): emptied the first time it is
     * asked for in a run, so what is there afterwards belongs to this run.
     */
    public Path workDirectory(String name) {
        Path dir = workDirectory.resolve(name);
        try {
            if (handedOut.add(name) && Files.exists(dir)) {
                try (Stream<Path> tree = Files.walk(dir)) {
                    for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
        return dir;
    }

    /** When the running measurement must have finished; it should stop early (and say so) rather than overrun. */
    public Instant deadline() {
        return deadline;
    }

    /** Whether {@code needed} still fits before the deadline. */
    public boolean hasTimeFor(Duration needed) {
        return Instant.now().plus(needed).isBefore(deadline);
    }

    void deadline(Instant deadline) {
        this.deadline = deadline;
    }

    /** The java launcher of the JDK running the benchmark (measured JVMs use the same JDK). */
    public Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** moto with the application's resources, started on first call and shared by all measurements. */
    public synchronized LocalAwsEnvironment localAws() {
        if (localAws == null) {
            log("starting moto and creating the table, KMS key and fingerprint secret");
            localAws = LocalAwsEnvironment.start();
        }
        return localAws;
    }

    /** A progress line on stderr. */
    public void log(String format, Object... args) {
        log.println("[benchmark] " + String.format(Locale.ROOT, format, args));
    }

    @Override
    public synchronized void close() {
        if (localAws != null) {
            localAws.close();
            localAws = null;
        }
    }
}
