package dev.byok.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SamplesTest {

    @Test
    void median_of_an_odd_count_is_the_middle_value_whatever_the_order() {
        assertEquals(3.0, Samples.of(5, 1, 3).median());
    }

    @Test
    void median_of_an_even_count_is_the_mean_of_the_two_middle_values() {
        assertEquals(2.5, Samples.of(4, 1, 3, 2).median());
    }

    @Test
    void min_max_and_count_follow_the_values() {
        Samples samples = Samples.of(List.of(7, 2, 9, 4));
        assertEquals(2.0, samples.min());
        assertEquals(9.0, samples.max());
        assertEquals(4, samples.count());
    }

    @Test
    void percentiles_use_the_nearest_rank() {
        Samples hundred = Samples.of(java.util.stream.IntStream.rangeClosed(1, 100).asDoubleStream().toArray());
        assertEquals(50.0, hundred.percentile(50));
        assertEquals(99.0, hundred.percentile(99));
        assertEquals(100.0, hundred.percentile(100));
        assertEquals(1.0, hundred.percentile(0.1));
        assertEquals(3.0, Samples.of(1, 2, 3).percentile(99));
    }

    @Test
    void no_samples_or_a_percentile_outside_the_range_is_refused() {
        assertThrows(IllegalArgumentException.class, Samples::of);
        assertThrows(IllegalArgumentException.class, () -> Samples.of(1).percentile(0));
        assertThrows(IllegalArgumentException.class, () -> Samples.of(1).percentile(101));
    }

    @Test
    void values_are_listed_in_the_order_taken_with_precision_by_magnitude() {
        assertEquals("1234, 56.8, 3.14", Samples.of(1234.4, 56.78, 3.14159).list());
    }
}
