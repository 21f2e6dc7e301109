package dev.byok.functions.recipes;

import com.amazonaws.services.lambda.runtime.Context;
import dev.byok.testing.TestApplication;
import dev.byok.testing.aws.WithLocalAws;
import dev.byok.testing.lambda.HttpApiHandlers;
import dev.byok.testing.lambda.LambdaEvents;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What a warm invocation must not do. Micronaut's default registers the Lambda context as beans on every
 * invocation, which made the bean context search all its definitions again each time: most of a warm run's
 * in-process time (BENCHMARKS.md, measurement 1). The handler here is the real one, built as Lambda builds it.
 */
@WithLocalAws
class PerInvocationWorkTest {

    @Test
    void an_invocation_registers_no_bean_so_the_bean_context_keeps_its_caches() {
        APIGatewayV2HTTPEventFunction handler = HttpApiHandlers.start(TestApplication.properties());
        try {
            HttpApiHandlers.invoke(handler, LambdaEvents.load("recipes-get.json",
                    Map.of("recipeId", "rcp_aaaaaaaaaaaaaaaaaaaa")));
            int definitions = handler.getApplicationContext().getAllBeanDefinitions().size();

            assertEquals(404, HttpApiHandlers.invoke(handler, LambdaEvents.load("recipes-get.json",
                    Map.of("recipeId", "rcp_aaaaaaaaaaaaaaaaaaaa"))).getStatusCode());

            assertEquals(definitions, handler.getApplicationContext().getAllBeanDefinitions().size());
            assertFalse(handler.getApplicationContext().containsBean(Context.class),
                    "the Lambda context was registered as a bean");
        } finally {
            handler.close();
        }
    }
}
