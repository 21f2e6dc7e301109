package dev.byok.testing.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Shared base of the provider fakes: a WireMock server on {@code 127.0.0.1} with a dynamic port whose default stubs
 * answer in the provider's real wire format, computed per request by a response transformer.
 *
 * <h2>Priorities</h2>
 * WireMock picks the matching stub with the lowest priority number. Default stubs use {@value #DEFAULT_PRIORITY}
 * (a catch-all 404 in the provider's error shape uses {@value #FALLBACK_PRIORITY}), so any stub a test adds with
 * {@code server().stubFor(...)} and WireMock's default priority (5) wins over the defaults. The helpers of this class
 * use {@value #OVERRIDE_PRIORITY} ({@link #stubFixtureForNextCalls} {@value #SEQUENCE_PRIORITY}), so they win over
 * a test's own stubs at WireMock's default priority; guards that must always apply (Gemini's {@code ?key=} check) use
 * {@value #GUARD_PRIORITY}.
 *
 * <h2>Per test</h2>
 * {@link #requests()} lists what was received (headers and raw body). {@link #reset()} drops the stubs added by the test,
 * the request log, scenario states and the key policy, and reinstalls the defaults. Canned responses live under
 * {@code provider-fixtures/<providerId>/<name>.json} on the class path; {@link #stubFixture(String, int, Map)} serves one.
 *
 * <h2>Keys</h2>
 * Each provider has a default key policy (see the subclass); {@link #acceptKeys(Predicate)} replaces it until the next
 * {@link #reset()}. A key containing {@code invalid} is rejected by every default policy.
 */
public abstract class ProviderFake implements AutoCloseable {

    /** Priority of guards that must win over everything (e.g. Gemini's key-in-URL check). */
    public static final int GUARD_PRIORITY = 1;
    /** Priority of {@link #stubFixtureForNextCalls}: a sequence beats permanent overrides while it lasts. */
    public static final int SEQUENCE_PRIORITY = 2;
    /** Priority used by the other stub helpers of this class. */
    public static final int OVERRIDE_PRIORITY = 3;
    /** Priority of the default endpoint stubs. */
    public static final int DEFAULT_PRIORITY = 100;
    /** Priority of the catch-all "unknown endpoint" stub. */
    public static final int FALLBACK_PRIORITY = 1000;

    /** Name of the response transformer computing default replies; parameter {@value #OPERATION} selects the reply. */
    public static final String TRANSFORMER = "byok-provider-default-reply";
    public static final String OPERATION = "operation";

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final String providerId;
    private final WireMockServer server;
    private final AtomicInteger scenarioCounter = new AtomicInteger();
    private volatile Predicate<String> keyPolicy;

    /**
     * Starts the server. Subclass constructors must finish with {@link #installDefaults()}.
     *
     * @param providerId directory name of the provider's fixtures, e.g. {@code anthropic}
     */
    protected ProviderFake(String providerId) {
        this.providerId = Objects.requireNonNull(providerId);
        this.server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .gzipDisabled(true)
                .notifier(new ConsoleNotifier(false))
                .extensions(new DefaultReplyTransformer()));
        server.start();
    }

    // ------------------------------------------------------------------------------------------- subclass contract

    /** The stubs the fake starts with, registered through {@link #server()}. */
    protected abstract void installDefaultStubs();

    /** Computes a default reply; {@code operation} is the stub's {@value #OPERATION} transformer parameter. */
    protected abstract Reply defaultReply(String operation, RecordedRequest request);

    /** The key policy after construction and after each {@link #reset()}. */
    protected abstract Predicate<String> defaultKeyPolicy();

    /** A new request matcher for the provider's main generation endpoint (what the stub helpers replace). */
    public abstract MappingBuilder generateEndpoint();

    /** Headers added to fixture replies unless the test gives them: content type and the provider's request id. */
    protected abstract Map<String, String> fixtureHeaders();

    /** A computed response. */
    protected record Reply(int status, Map<String, String> headers, String body) {
    }

    // ------------------------------------------------------------------------------------------------- public API

    /** Directory name of this provider's fixtures ({@code anthropic}, {@code openai}, {@code gemini}). */
    public String providerId() {
        return providerId;
    }

    /** The WireMock server, for custom stubs ({@code server().stubFor(...)}) and verification. */
    public WireMockServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash and without an API version path. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Every request received since start or the last {@link #reset()}, oldest first. */
    public List<RecordedRequest> requests() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        java.util.Collections.reverse(events); // WireMock lists the newest first
        List<RecordedRequest> result = new ArrayList<>(events.size());
        for (ServeEvent event : events) {
            result.add(RecordedRequest.of(event.getRequest()));
        }
        return result;
    }

    /** Received requests with the given method and path (query string ignored), oldest first. */
    public List<RecordedRequest> requests(String method, String path) {
        return requests().stream().filter(r -> r.method().equalsIgnoreCase(method) && r.path().equals(path)).toList();
    }

    /** Replaces the key policy until the next {@link #reset()}: a key is accepted when the predicate is true. */
    public void acceptKeys(Predicate<String> policy) {
        this.keyPolicy = Objects.requireNonNull(policy);
    }

    /** Drops all stubs added since start, the request log and scenario states; restores defaults and key policy. */
    public void reset() {
        server.resetAll();
        installDefaults();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** A fixture's JSON text: {@code provider-fixtures/<providerId>/<name>.json} ({@code .json} optional). */
    public String fixture(String name) {
        String file = name.endsWith(".json") ? name : name + ".json";
        String resource = "/provider-fixtures/" + providerId + "/" + file;
        try (InputStream in = ProviderFake.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + resource + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves a fixture with the given status on the generation endpoint (see {@link #stubFixture(String, int, Map)}). */
    public StubMapping stubFixture(String fixture, int status) {
        return stubFixture(fixture, status, Map.of());
    }

    /**
     * Serves a fixture on the generation endpoint, for every call until {@link #reset()}, bypassing the key check.
     * {@code headers} are added to (and override) the provider's usual ones, e.g. {@code Map.of("retry-after", "2")}.
     */
    public StubMapping stubFixture(String fixture, int status, Map<String, String> headers) {
        return server.stubFor(generateEndpoint().atPriority(OVERRIDE_PRIORITY)
                .willReturn(fixtureResponse(fixture, status, headers)));
    }

    /**
     * Serves a fixture for the next {@code times} calls of the generation endpoint only; later calls get what they got
     * before (the default reply, or a fixture stubbed with {@link #stubFixture}). For retry tests: {@code stubFixtureForNextCalls(1, "error-rate-limit", 429, Map.of("retry-after",
     * "1"))}.
     */
    public void stubFixtureForNextCalls(int times, String fixture, int status, Map<String, String> headers) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        String scenario = "byok-sequence-" + scenarioCounter.incrementAndGet();
        for (int i = 0; i < times; i++) {
            String state = i == 0 ? com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED : "call-" + i;
            server.stubFor(generateEndpoint().atPriority(SEQUENCE_PRIORITY)
                    .inScenario(scenario).whenScenarioStateIs(state).willSetStateTo("call-" + (i + 1))
                    .willReturn(fixtureResponse(fixture, status, headers)));
        }
    }

    /** Serves any response on the generation endpoint (until {@link #reset()}). */
    public StubMapping stubGenerate(ResponseDefinitionBuilder response) {
        return server.stubFor(generateEndpoint().atPriority(OVERRIDE_PRIORITY).willReturn(response));
    }

    /** Makes the generation endpoint fail at the network level, e.g. {@link Fault#CONNECTION_RESET_BY_PEER}. */
    public StubMapping stubFault(Fault fault) {
        return stubGenerate(aResponse().withFault(fault));
    }

    /** The normal default reply of the generation endpoint, but only after {@code delay} (for timeout tests). */
    public StubMapping stubDelay(Duration delay) {
        return stubGenerate(aResponse().withStatus(200).withFixedDelay((int) delay.toMillis())
                .withTransformers(TRANSFORMER).withTransformerParameter(OPERATION, "generate"));
    }

    /** A 200 whose body is truncated JSON, with the provider's usual headers. */
    public StubMapping stubMalformedJson() {
        ResponseDefinitionBuilder response = aResponse().withStatus(200).withBody("{\"id\":\"truncated\",\"content\":[");
        fixtureHeaders().forEach(response::withHeader);
        return stubGenerate(response);
    }

    // ------------------------------------------------------------------------------------------- for subclasses

    /** Registers the default stubs and restores the default key policy; call at the end of subclass constructors. */
    protected final void installDefaults() {
        keyPolicy = defaultKeyPolicy();
        installDefaultStubs();
    }

    /** Whether the current key policy accepts the key (null or blank keys are never accepted). */
    protected final boolean keyAccepted(String key) {
        return key != null && !key.isBlank() && keyPolicy.test(key);
    }

    /** A response definition delegating to {@link #defaultReply(String, RecordedRequest)} with this operation. */
    protected static ResponseDefinitionBuilder computed(String operation) {
        return aResponse().withStatus(200).withTransformers(TRANSFORMER).withTransformerParameter(OPERATION, operation);
    }

    protected ResponseDefinitionBuilder fixtureResponse(String fixture, int status, Map<String, String> headers) {
        String body = fixture(fixture);
        Map<String, String> all = new LinkedHashMap<>(fixtureHeaders());
        headers.forEach((name, value) -> {
            all.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            all.put(name, value);
        });
        ResponseDefinitionBuilder response = aResponse().withStatus(status).withBody(body);
        all.forEach(response::withHeader);
        return response;
    }

    /** {@code prefix} followed by {@code length} random letters and digits. */
    protected static String randomId(String prefix, int length) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) {
            id.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    protected static ObjectNode object() {
        return JSON.createObjectNode();
    }

    protected static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a request body; null when it is not a JSON object. */
    protected static JsonNode parseObject(RecordedRequest request) {
        try {
            JsonNode node = JSON.readTree(request.body());
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private final class DefaultReplyTransformer implements ResponseTransformerV2 {

        @Override
        public String getName() {
            return TRANSFORMER;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public Response transform(Response response, ServeEvent serveEvent) {
            Parameters parameters = serveEvent.getTransformerParameters();
            Object operation = parameters == null ? null : parameters.get(OPERATION);
            Reply reply;
            try {
                reply = defaultReply(String.valueOf(operation), RecordedRequest.of(serveEvent.getRequest()));
            } catch (RuntimeException e) {
                reply = new Reply(500, Map.of("content-type", "text/plain"),
                        "byok " + providerId + " fake failed to compute a reply: " + e);
            }
            List<HttpHeader> headers = new ArrayList<>();
            reply.headers().forEach((name, value) -> headers.add(new HttpHeader(name, value)));
            return Response.Builder.like(response).but()
                    .status(reply.status())
                    .headers(new HttpHeaders(headers))
                    .body(reply.body())
                    .build();
        }
    }
}
