package dev.byok.testing.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API Gateway HTTP API (payload v2) events for handler tests, read from the repository's {@code events/} folder and
 * deserialised exactly as the Lambda Java runtime does it ({@code aws-lambda-java-serialization}'s
 * {@link LambdaEventSerializers}).
 *
 * <p>Placeholders {@code ${name}} are replaced in {@code rawPath}, {@code rawQueryString},
 * {@code requestContext.http.path}, path and query parameter values, JWT claim values and the body (values are inserted
 * verbatim: no URL or JSON escaping). A placeholder left without a value is an error.
 */
public final class LambdaEvents {

    /** System property that overrides the repository root detection. */
    public static final String ROOT_PROPERTY = "byok.repository.root";
    /** The events folder, relative to the repository root. */
    public static final String EVENTS_DIRECTORY = "events";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
    private static PojoSerializer<APIGatewayV2HTTPEvent> serializer;

    private LambdaEvents() {
    }

    /**
     * The repository root: the first folder, from the working directory upwards, that contains {@code template.yaml}
     * or a {@code pom.xml} declaring {@code <module>shared</module>} (or the {@value #ROOT_PROPERTY} system property).
     */
    public static Path repositoryRoot() {
        String configured = System.getProperty(ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        Path start = Paths.get("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) || declaresSharedModule(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root (template.yaml, or pom.xml with <module>shared</module>) at or"
                + " above " + start + "; set -D" + ROOT_PROPERTY + "=...");
    }

    private static boolean declaresSharedModule(Path pom) {
        try {
            return Files.isRegularFile(pom) && Files.readString(pom).contains("<module>shared</module>");
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code <repositoryRoot>/events}. */
    public static Path eventsDirectory() {
        return repositoryRoot().resolve(EVENTS_DIRECTORY);
    }

    /** {@code events/<fileName>} without placeholders. */
    public static APIGatewayV2HTTPEvent load(String fileName) {
        return load(fileName, Map.of());
    }

    /** {@code events/<fileName>} with its {@code ${name}} placeholders replaced. */
    public static APIGatewayV2HTTPEvent load(String fileName, Map<String, String> placeholders) {
        return load(eventsDirectory().resolve(fileName), placeholders);
    }

    /** Any event file, with its {@code ${name}} placeholders replaced. */
    public static APIGatewayV2HTTPEvent load(Path file, Map<String, String> placeholders) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read event file " + file, e);
        }
        APIGatewayV2HTTPEvent event = fromJson(json);
        substitute(event, placeholders, file.toString());
        return event;
    }

    /** Deserialises like the Lambda Java runtime. */
    public static APIGatewayV2HTTPEvent fromJson(String json) {
        return serializer().fromJson(json);
    }

    /** Serialises like the Lambda Java runtime. */
    public static String toJson(APIGatewayV2HTTPEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer().toJson(event, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A deep copy (through the runtime serialiser). */
    public static APIGatewayV2HTTPEvent copy(APIGatewayV2HTTPEvent event) {
        return fromJson(toJson(event));
    }

    /** A copy with this body (not base64-encoded). */
    public static APIGatewayV2HTTPEvent withBody(APIGatewayV2HTTPEvent event, String json) {
        APIGatewayV2HTTPEvent copy = copy(event);
        copy.setBody(json);
        copy.setIsBase64Encoded(false);
        return copy;
    }

    /**
     * A copy whose {@code requestContext.authorizer.jwt.claims} are exactly {@code claims} (creating request context,
     * authorizer and JWT when absent). An empty map models a token without those claims.
     */
    public static APIGatewayV2HTTPEvent withClaims(APIGatewayV2HTTPEvent event, Map<String, String> claims) {
        APIGatewayV2HTTPEvent copy = copy(event);
        APIGatewayV2HTTPEvent.RequestContext context = copy.getRequestContext();
        if (context == null) {
            context = new APIGatewayV2HTTPEvent.RequestContext();
            copy.setRequestContext(context);
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = context.getAuthorizer();
        if (authorizer == null) {
            authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
            context.setAuthorizer(authorizer);
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = authorizer.getJwt();
        if (jwt == null) {
            jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
            authorizer.setJwt(jwt);
        }
        jwt.setClaims(new LinkedHashMap<>(Objects.requireNonNull(claims, "claims")));
        return copy;
    }

    /** Replaces {@code ${name}} in {@code text}; unknown names are left as they are. */
    public static String substitute(String text, Map<String, String> placeholders) {
        if (text == null) {
            return null;
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = placeholders.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : matcher.group()));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static void substitute(APIGatewayV2HTTPEvent event, Map<String, String> placeholders, String source) {
        Set<String> unresolved = new TreeSet<>();
        UnaryOperator<String> apply = text -> {
            String result = substitute(text, placeholders);
            if (result != null) {
                Matcher left = PLACEHOLDER.matcher(result);
                while (left.find()) {
                    unresolved.add(left.group(1));
                }
            }
            return result;
        };
        event.setRawPath(apply.apply(event.getRawPath()));
        event.setRawQueryString(apply.apply(event.getRawQueryString()));
        if (!event.getIsBase64Encoded()) {
            event.setBody(apply.apply(event.getBody()));
        }
        event.setPathParameters(substituteValues(event.getPathParameters(), apply));
        event.setQueryStringParameters(substituteValues(event.getQueryStringParameters(), apply));
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context != null) {
            if (context.getHttp() != null) {
                context.getHttp().setPath(apply.apply(context.getHttp().getPath()));
            }
            if (context.getAuthorizer() != null && context.getAuthorizer().getJwt() != null) {
                APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = context.getAuthorizer().getJwt();
                jwt.setClaims(substituteValues(jwt.getClaims(), apply));
            }
        }
        if (!unresolved.isEmpty()) {
            throw new IllegalArgumentException("Unresolved placeholders " + unresolved + " in " + source
                    + " (given: " + new TreeSet<>(placeholders.keySet()) + ")");
        }
    }

    private static Map<String, String> substituteValues(Map<String, String> values, UnaryOperator<String> apply) {
        if (values == null) {
            return null;
        }
        Map<String, String> result = new LinkedHashMap<>();
        values.forEach((key, value) -> result.put(key, apply.apply(value)));
        return result;
    }

    private static synchronized PojoSerializer<APIGatewayV2HTTPEvent> serializer() {
        if (serializer == null) {
            serializer = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class,
                    LambdaEvents.class.getClassLoader());
        }
        return serializer;
    }
}
