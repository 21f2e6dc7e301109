package dev.byok.benchmarks.coldstart;

import dev.byok.benchmarks.lambda.InvocationOutcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ColdStartMeasurementTest {

    private static InvocationOutcome outcome(InvocationOutcome.Kind kind, String body, String errorType) {
        return new InvocationOutcome(kind, "id", body.getBytes(StandardCharsets.UTF_8), errorType, 0);
    }

    @Test
    void the_first_status_is_the_api_gateway_status_code_or_what_went_wrong() {
        assertEquals("404", ColdStartMeasurement.status(outcome(InvocationOutcome.Kind.RESPONSE,
                "{\"statusCode\":404,\"body\":\"{}\"}", "")));
        assertEquals("no statusCode", ColdStartMeasurement.status(outcome(InvocationOutcome.Kind.RESPONSE, "{}", "")));
        assertEquals("invocation error Runtime.UserException", ColdStartMeasurement.status(
                outcome(InvocationOutcome.Kind.ERROR, "{}", "Runtime.UserException")));
        assertEquals("init error Runtime.ClassNotFound", ColdStartMeasurement.status(
                outcome(InvocationOutcome.Kind.INIT_ERROR, "{}", "Runtime.ClassNotFound")));
    }

    @Test
    void a_ratio_just_over_the_target_is_not_rounded_onto_it() {
        assertEquals("1.28", ColdStartMeasurement.ratio(1.2812));
        assertEquals("1.50", ColdStartMeasurement.ratio(1.5));
        assertEquals("1.503", ColdStartMeasurement.ratio(1.5031));
        assertEquals("1.51", ColdStartMeasurement.ratio(1.5081));
    }
}
