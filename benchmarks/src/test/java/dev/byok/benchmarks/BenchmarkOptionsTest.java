package dev.byok.benchmarks;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkOptionsTest {

    @Test
    void defaults_run_every_measurement_five_times_within_fifteen_minutes() {
        BenchmarkOptions options = BenchmarkOptions.parse();
        assertEquals(5, options.runs());
        assertEquals(1, options.warmups());
        assertEquals(Duration.ofMinutes(20), options.budget());
        assertTrue(options.selects("cold-start"));
        assertEquals("bin/benchmark", options.command());
    }

    @Test
    void options_are_read_and_the_command_line_is_kept_for_the_report() {
        BenchmarkOptions options = BenchmarkOptions.parse("--runs", "3", "--budget", "90s", "--only",
                "cold-start,throughput", "--note", "busy");
        assertEquals(3, options.runs());
        assertEquals(Duration.ofSeconds(90), options.budget());
        assertEquals(Set.of("cold-start", "throughput"), options.only());
        assertFalse(options.selects("overhead"));
        assertEquals("busy", options.note());
        assertEquals("bin/benchmark --runs 3 --budget 90s --only cold-start,throughput", options.command(),
                "the note is shown on its own line, not in the command");
    }

    @Test
    void the_command_quotes_what_a_shell_would_split() {
        assertEquals("bin/benchmark --output 'my file.md'", BenchmarkOptions.commandLine("--output", "my file.md"));
    }

    @Test
    void durations_take_units_or_iso_8601() {
        assertEquals(Duration.ofMillis(500), BenchmarkOptions.duration("500ms"));
        assertEquals(Duration.ofMinutes(10), BenchmarkOptions.duration("10m"));
        assertEquals(Duration.ofHours(1), BenchmarkOptions.duration("1h"));
        assertEquals(Duration.ofMinutes(2), BenchmarkOptions.duration("PT2M"));
    }

    @Test
    void unknown_options_missing_values_and_zero_runs_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--fast"));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--runs"));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--runs", "0"));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--budget", "soon"));
    }
}
