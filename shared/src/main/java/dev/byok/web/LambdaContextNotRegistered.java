package dev.byok.web;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

/**
 * Keeps Micronaut from registering the Lambda {@link Context} (and its logger, client context and identity) as
 * beans on every invocation, which its default factory does so that they can be injected. Nothing here injects them,
 * and each registration makes the bean context drop its caches and search every bean definition again: about 5 ms
 * of a warm run's in-process time, more than everything else together (BENCHMARKS.md, measurement 1).
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
public class LambdaContextNotRegistered implements LambdaContextFactory {

    @Override
    public void registerSingletons(Context context) {
        // Deliberately nothing: see the class comment. A bean that needs the Context must take it another way.
    }
}
