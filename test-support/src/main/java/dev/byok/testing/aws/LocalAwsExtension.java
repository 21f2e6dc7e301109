package dev.byok.testing.aws;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension behind {@link WithLocalAws}. Before all tests it makes sure {@link LocalAws#shared()} ran (moto
 * started once per JVM, the {@code aws.*} system properties set, resources bootstrapped once per JVM). It resolves
 * parameters of type {@link LocalAws}, {@link LocalAwsResources} and {@link MotoServer}.
 *
 * <p>Nothing is stopped after a class: moto lives as long as the JVM (a shutdown hook stops it, and the launcher exits
 * by itself when the JVM's end closes its stdin).
 */
public final class LocalAwsExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        LocalAws.shared();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LocalAws.shared(); // covers @WithLocalAws on a method only
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == LocalAws.class || type == LocalAwsResources.class || type == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        LocalAws aws = LocalAws.shared();
        Class<?> type = parameterContext.getParameter().getType();
        if (type == LocalAwsResources.class) {
            return aws.resources();
        }
        if (type == MotoServer.class) {
            return aws.moto();
        }
        return aws;
    }
}
