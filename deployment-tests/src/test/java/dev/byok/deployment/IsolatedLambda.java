package dev.byok.deployment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * One function's Lambda artifact loaded the way Lambda loads it: the shaded jar alone on its class path, the handler
 * class instantiated by name. Only the Lambda runtime's own types ({@code com.amazonaws.services.lambda.runtime})
 * are shared with the test, so the test can hand over events and read responses; everything else, Micronaut and
 * the AWS SDK included, comes from the jar.
 */
final class IsolatedLambda<I, O> implements AutoCloseable {
    private static final String SHARED_PACKAGE = "com.amazonaws.services.lambda.runtime.";

    private final URLClassLoader loader;
    private final RequestHandler<I, O> handler;

    private IsolatedLambda(URLClassLoader loader, RequestHandler<I, O> handler) {
        this.loader = loader;
        this.handler = handler;
    }

    @SuppressWarnings("unchecked")
    static <I, O> IsolatedLambda<I, O> load(Path jar, String handlerClass) {
        try {
            URLClassLoader loader = new URLClassLoader("lambda:" + jar.getFileName(), new URL[]{jar.toUri().toURL()},
                    new RuntimeTypesOnly(IsolatedLambda.class.getClassLoader()));
            Object handler = withContextLoader(loader, () -> loader.loadClass(handlerClass)
                    .getDeclaredConstructor().newInstance());
            return new IsolatedLambda<>(loader, (RequestHandler<I, O>) handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    O invoke(I event, Context context) {
        return withContextLoader(loader, () -> handler.handleRequest(event, context));
    }

    /** The class that actually handles requests (to prove it came from the jar). */
    Class<?> handlerClass() {
        return handler.getClass();
    }

    @Override
    public void close() throws Exception {
        if (handler instanceof AutoCloseable closeable) {
            withContextLoader(loader, () -> {
                closeable.close();
                return null;
            });
        }
        loader.close();
    }

    private static <T> T withContextLoader(ClassLoader loader, Callable<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Parent loader that exposes the JDK and the Lambda runtime types and nothing else of the test class path. */
    private static final class RuntimeTypesOnly extends ClassLoader {
        private final ClassLoader testLoader;

        RuntimeTypesOnly(ClassLoader testLoader) {
            super("lambda-runtime-types", ClassLoader.getPlatformClassLoader());
            this.testLoader = testLoader;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(SHARED_PACKAGE)) {
                return testLoader.loadClass(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            return name.startsWith(SHARED_PACKAGE.replace('.', '/')) ? testLoader.getResource(name)
                    : super.getResource(name);
        }
    }
}
