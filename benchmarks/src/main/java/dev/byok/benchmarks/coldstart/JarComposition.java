package dev.byok.benchmarks.coldstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a jar is made of: its size, its class count, and its compressed bytes by library (package prefix), which is
 * where to look when an artifact is too big or loads too much.
 *
 * @param bytes      the file's size
 * @param classes    number of {@code .class} entries
 * @param byLibrary  compressed bytes per package prefix ({@code io.micronaut.http}, {@code software.amazon.awssdk.core},
 *                   {@code software.amazon.awssdk.services.dynamodb}, ...), largest first
 */
public record JarComposition(long bytes, int classes, List<Map.Entry<String, Long>> byLibrary) {

    public static JarComposition of(Path jar) {
        Map<String, Long> sizes = new HashMap<>();
        int classes = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                if (entry.getName().endsWith(".class")) {
                    classes++;
                }
                sizes.merge(library(entry.getName()), Math.max(entry.getCompressedSize(), 0), Long::sum);
            }
            List<Map.Entry<String, Long>> ordered = sizes.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                    .map(e -> Map.entry(e.getKey(), e.getValue()))
                    .toList();
            return new JarComposition(Files.size(jar), classes, ordered);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /** Megabytes (10⁶ bytes), the unit of the size target. */
    public double megabytes() {
        return bytes / 1e6;
    }

    /** The AWS SDK service clients in the jar, by the SDK's package name ({@code dynamodb}, {@code kms}, ...). */
    public java.util.SortedSet<String> awsServiceClients() {
        String prefix = "software.amazon.awssdk.services.";
        return byLibrary.stream().map(Map.Entry::getKey).filter(k -> k.startsWith(prefix))
                .map(k -> k.substring(prefix.length()))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The library an entry belongs to: three package levels, more inside the AWS SDK where they all share a root. */
    static String library(String entryName) {
        String[] parts = entryName.split("/");
        if (parts.length == 1) {
            return "(top-level files)";
        }
        if (parts[0].equals("META-INF")) {
            return "META-INF";
        }
        int depth = entryName.startsWith("software/amazon/awssdk/services/") ? 5
                : entryName.startsWith("software/amazon/awssdk/") ? 4 : 3;
        return String.join(".", java.util.Arrays.copyOfRange(parts, 0, Math.min(depth, parts.length - 1)));
    }
}
