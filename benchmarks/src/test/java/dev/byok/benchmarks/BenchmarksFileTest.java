package dev.byok.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarksFileTest {
    private static final Machine MACHINE = new Machine(2, 8L << 30, "Test CPU", "Test OS", "Test JDK");

    private static BenchmarksFile.Run run(String date) {
        return new BenchmarksFile.Run(date, "bin/benchmark", MACHINE, "1.0 / 1.0 / 1.0", "2.0 / 1.5 / 1.0", "busy");
    }

    @Test
    void the_header_names_the_machine_the_date_and_the_command() {
        String file = BenchmarksFile.render(run("2026-12-03 10:00 UTC"), List.of(), "");
        assertTrue(file.startsWith("# Benchmarks\n"));
        assertTrue(file.contains("| date | 2026-12-03 10:00 UTC |"));
        assertTrue(file.contains("| command | `bin/benchmark` |"));
        assertTrue(file.contains("2 cores, 8.0 GiB; Test CPU"));
        assertTrue(file.contains("| note | busy |"));
    }

    @Test
    void sections_appear_in_order_and_a_rerun_replaces_only_its_own_section() {
        String first = BenchmarksFile.render(run("day 1"), List.of(
                new BenchmarksFile.Section("throughput", 4, "4. Throughput", "old throughput"),
                new BenchmarksFile.Section("cold-start", 2, "2. Cold start", "old cold start")), "");
        assertTrue(first.indexOf("## 2. Cold start") < first.indexOf("## 4. Throughput"));

        String second = BenchmarksFile.render(run("day 2"), List.of(
                new BenchmarksFile.Section("cold-start", 2, "2. Cold start", "new cold start")), first);
        assertTrue(second.contains("new cold start"));
        assertFalse(second.contains("old cold start"));
        assertTrue(second.contains("old throughput"), "a section not rerun is kept");
        assertTrue(second.contains("## 4. Throughput"));
        assertTrue(second.contains("| sections kept from an earlier run | throughput |"));
        assertEquals(second, BenchmarksFile.render(run("day 2"), List.of(
                new BenchmarksFile.Section("cold-start", 2, "2. Cold start", "new cold start")), second),
                "rendering is stable: rerunning the same sections does not grow the file");
    }
}
