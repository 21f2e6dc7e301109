package dev.byok.testing.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

import java.util.Map;

/**
 * Builds the real HTTP API Lambda handler ({@link APIGatewayV2HTTPEventFunction}, the class template.yaml names)
 * through its own initialisation path, adding only configuration properties, as Lambda would with environment
 * variables.
 */
public final class HttpApiHandlers {
    private HttpApiHandlers() {
    }

    public static APIGatewayV2HTTPEventFunction start(Map<String, Object> properties) {
        return new APIGatewayV2HTTPEventFunction() {
            @Override
            protected ApplicationContextBuilder newApplicationContextBuilder() {
                return super.newApplicationContextBuilder().properties(properties);
            }
        };
    }

    /** Invokes the handler with a fresh Lambda context, as the runtime does for each event. */
    public static APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEventFunction handler, APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new TestLambdaContext());
    }
}
