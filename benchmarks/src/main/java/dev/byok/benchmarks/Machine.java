package dev.byok.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the figures were measured on: processors, memory, CPU model, operating system, JDK, and the load average (other
 * work on the machine shows up there, and in the figures).
 */
public record Machine(int cores, long memoryBytes, String cpu, String os, String jdk) {

    /** The machine this JVM runs on. */
    public static Machine current() {
        long memory = readLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                .findFirst().orElse(-1L);
        String cpu = readLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst().orElse(System.getProperty("os.arch"));
        String distribution = readLines(Path.of("/etc/os-release")).stream()
                .filter(l -> l.startsWith("PRETTY_NAME="))
                .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", ""))
                .findFirst().map(d -> d + ", ").orElse("");
        String os = distribution + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version");
        return new Machine(Runtime.getRuntime().availableProcessors(), memory, cpu, os, jdk);
    }

    /** {@code 2 cores, 23.4 GiB}: the short form for the report. */
    public String summary() {
        return cores + " cores, " + (memoryBytes < 0 ? "unknown memory"
                : String.format(Locale.ROOT, "%.1f GiB", memoryBytes / (1024.0 * 1024 * 1024)));
    }

    /** The 1-, 5- and 15-minute load averages, or empty where the OS does not tell. */
    public static Optional<String> loadAverage() {
        List<String> lines = readLines(Path.of("/proc/loadavg"));
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = lines.get(0).split("\\s+");
        return parts.length < 3 ? Optional.empty() : Optional.of(parts[0] + " / " + parts[1] + " / " + parts[2]);
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.isReadable(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
