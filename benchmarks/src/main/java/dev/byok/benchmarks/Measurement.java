package dev.byok.benchmarks;

/**
 * One measurement of the benchmark command: it measures, and returns one section of BENCHMARKS.md.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.byok.benchmarks.Measurement} and give it a public no-argument constructor. The command
 * runs every measurement present (or those named with {@code --only}), in {@link #order()}, and writes each returned
 * body under its {@link #title()}, with the date and command.
 *
 * <p>To add one: put the class in its own package ({@code dev.byok.benchmarks.overhead}, {@code .usage},
 * {@code .throughput}); take repetitions from {@link BenchmarkContext#runs()} / {@link BenchmarkContext#warmups()}
 * and stop at {@link BenchmarkContext#deadline()}; use {@link Samples} for medians and percentiles and
 * {@link MarkdownTable} for tables; end the body with a bold "Reading" against the targets that says plainly
 * whether each is met, and what it would take where it is not. Measurements of our own overhead use the in-memory
 * fakes of the ports (add {@code byok-shared} to this module's pom); ones that need the real artifacts or the
 * emulator use {@link BenchmarkContext#localAws()}. Keep everything on loopback.
 */
public interface Measurement {

    /** Stable short name: the section's marker in BENCHMARKS.md and the name {@code --only} takes. */
    String id();

    /** Heading of the section, e.g. {@code 2. Cold start and artifact size}. */
    String title();

    /** Position in BENCHMARKS.md; the numbering (1 overhead, 2 cold start, 3 usage scaling, 4 throughput). */
    int order();

    /**
     * Measures and returns the section's Markdown (tables and a short reading against the targets, without the
     * heading). Must stop in time: {@link BenchmarkContext#deadline()} is this measurement's share of the budget.
     */
    String run(BenchmarkContext context) throws Exception;
}
