package dev.byok.benchmarks;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/** An immutable set of measured values (milliseconds, by convention) and their order statistics. */
public final class Samples {
    private final double[] values;
    private final double[] sorted;

    private Samples(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        this.values = values.clone();
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    /** The samples, in the order they were taken. */
    public static Samples of(double... values) {
        return new Samples(values);
    }

    /** The samples, in the collection's iteration order. */
    public static Samples of(Collection<? extends Number> values) {
        return new Samples(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    public int count() {
        return sorted.length;
    }

    public double min() {
        return sorted[0];
    }

    public double max() {
        return sorted[sorted.length - 1];
    }

    /** The middle value; the mean of the two middle values for an even count. */
    public double median() {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * The nearest-rank percentile: the smallest sample with at least {@code p} percent of the samples at or below
     * it ({@code percentile(50)} of an even count is the lower middle value, {@code percentile(100)} the maximum).
     */
    public double percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** The values in the order taken, formatted like {@link #format(double)}, comma-separated. */
    public String list() {
        return Arrays.stream(values).mapToObj(Samples::format).collect(Collectors.joining(", "));
    }

    /** Milliseconds for a table: whole numbers from 100 up, one decimal below (two below 10). */
    public static String format(double millis) {
        if (Math.abs(millis) >= 100) {
            return String.format(Locale.ROOT, "%.0f", millis);
        }
        return String.format(Locale.ROOT, Math.abs(millis) >= 10 ? "%.1f" : "%.2f", millis);
    }
}
