package dev.byok.benchmarks;

import dev.byok.aws.InMemoryAdapters;
import dev.byok.benchmarks.overhead.TimedProviderHttp;
import dev.byok.providers.ProviderHttp;
import dev.byok.testing.providers.AnthropicFake;
import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.inject.qualifiers.PrimaryQualifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The product's own code with every AWS adapter replaced by its in-memory fake ({@link InMemoryAdapters}) and the
 * provider HTTP client timed ({@link TimedProviderHttp}): what the overhead and throughput measurements run when
 * the emulator's latency must not count. Everything else (controllers, services, caches, provider adapters, JSON,
 * logging) is the shipped code.
 */
public final class InMemoryApplication {
    private InMemoryApplication() {
    }

    /** Configuration as template.yaml would give it, with the Anthropic base URL pointing at {@code anthropic}. */
    public static Map<String, Object> properties(AnthropicFake anthropic) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("byok.table.name", "in-memory");
        properties.put("byok.keys.kms-key-id", "arn:aws:kms:us-east-1:000000000000:key/in-memory");
        properties.put("byok.keys.fingerprint-secret-id", "in-memory");
        properties.put("byok.providers.anthropic-base-url", anthropic.baseUrl() + "/v1");
        properties.put("byok.providers.allowed-private-hosts", "127.0.0.1,localhost");
        return properties;
    }

    /** The in-memory adapters and the timed provider client, as bean definitions for the application context. */
    public static RuntimeBeanDefinition<?>[] beans(InMemoryAdapters adapters, TimedProviderHttp http) {
        List<RuntimeBeanDefinition<?>> beans = new ArrayList<>(Arrays.asList(adapters.beanDefinitions()));
        beans.add(RuntimeBeanDefinition.builder(ProviderHttp.class, () -> http).singleton(true)
                .replaces(ProviderHttp.class).qualifier(PrimaryQualifier.INSTANCE).build());
        return beans.toArray(RuntimeBeanDefinition<?>[]::new);
    }

    /**
     * Points the AWS SDK (of clients built from now on) at a loopback port nobody listens on, with a region and
     * dummy credentials: an AWS call the in-memory wiring missed then fails the request, loudly, instead of
     * reaching an emulator or AWS and adding its latency unnoticed.
     */
    public static void refuseAws() {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + port);
        System.setProperty("aws.region", LocalAwsEnvironment.REGION);
        System.setProperty("aws.accessKeyId", "in-memory");
        System.setProperty("aws.secretAccessKey", "in-memory");
    }
}
