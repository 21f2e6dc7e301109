package dev.byok.benchmarks.usage;

import dev.byok.benchmarks.Samples;
import dev.byok.tenancy.TenantId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageScalingMeasurementTest {

    private static UsageScalingMeasurement.Result result(int runs, long items, double inProcessMicros) {
        return new UsageScalingMeasurement.Result(new UsageScalingMeasurement.Scale(runs, new TenantId("t" + runs),
                (int) items, 1), new QueryMeter.Reading(1, items, items, items * 600, List.of()), (int) items,
                Samples.of(900, 1_000, 1_100), Samples.of(inProcessMicros, inProcessMicros, inProcessMicros));
    }

    @Test
    void flat_items_and_in_process_time_meet_the_target() {
        String body = UsageScalingMeasurement.render(List.of(result(1_000, 179, 400), result(100_000, 180, 430)));

        assertTrue(body.contains("items read **met** (× 1.01"), body);
        assertTrue(body.contains("in-process query time **met** (× 1.08)"), body);
    }

    @Test
    void reading_more_items_or_taking_longer_with_more_runs_misses_it() {
        String body = UsageScalingMeasurement.render(List.of(result(1_000, 100, 400), result(100_000, 180, 700)));

        assertTrue(body.contains("items read **missed** (× 1.80"), body);
        assertTrue(body.contains("in-process query time **missed** (× 1.75)"), body);
    }
}
