package dev.byok.testing.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LambdaEventsTest {

    private static final Map<String, String> VALUES = Map.of(
            "recipeId", "rcp_123", "dryRun", "true", "sub", "user-42", "tenant", "tenant-a");

    private static Path sample() throws URISyntaxException {
        return Path.of(LambdaEventsTest.class.getResource("/sample-events/post-recipe-run.json").toURI());
    }

    @Test
    void loadsAnHttpApiEventWithClaimsAndPlaceholders() throws Exception {
        APIGatewayV2HTTPEvent event = LambdaEvents.load(sample(), VALUES);

        assertEquals("2.0", event.getVersion());
        assertEquals("POST /recipes/{recipeId}/runs", event.getRouteKey());
        assertEquals("/recipes/rcp_123/runs", event.getRawPath());
        assertEquals("/recipes/rcp_123/runs", event.getRequestContext().getHttp().getPath());
        assertEquals("POST", event.getRequestContext().getHttp().getMethod());
        assertEquals("rcp_123", event.getPathParameters().get("recipeId"));
        assertEquals("true", event.getQueryStringParameters().get("dryRun"));
        assertEquals("dryRun=true", event.getRawQueryString());
        assertEquals("{\"recipeId\":\"rcp_123\",\"inputs\":{\"topic\":\"local testing\"}}", event.getBody());
        assertFalse(event.getIsBase64Encoded());
        Map<String, String> claims = event.getRequestContext().getAuthorizer().getJwt().getClaims();
        assertEquals("user-42", claims.get("sub"));
        assertEquals("tenant-a", claims.get("custom:tenant"));
        assertEquals("byok/recipes.run", event.getRequestContext().getAuthorizer().getJwt().getScopes().get(0));
        assertEquals("application/json", event.getHeaders().get("content-type"));
        assertEquals("$default", event.getRequestContext().getStage());
        assertEquals(1767268800000L, event.getRequestContext().getTimeEpoch());

        APIGatewayV2HTTPEvent roundTripped = LambdaEvents.fromJson(LambdaEvents.toJson(event));
        assertEquals(LambdaEvents.toJson(event), LambdaEvents.toJson(roundTripped));
        assertEquals("tenant-a", roundTripped.getRequestContext().getAuthorizer().getJwt().getClaims()
                .get("custom:tenant"));
    }

    @Test
    void missingPlaceholderValueIsAnError() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LambdaEvents.load(sample(), Map.of("recipeId", "r")));
        assertTrue(e.getMessage().contains("tenant"), e.getMessage());
    }

    @Test
    void withBodyAndWithClaimsReturnChangedCopies() throws Exception {
        APIGatewayV2HTTPEvent event = LambdaEvents.load(sample(), VALUES);

        APIGatewayV2HTTPEvent other = LambdaEvents.withClaims(LambdaEvents.withBody(event, "{\"x\":1}"),
                Map.of("sub", "user-7", "custom:tenant", "tenant-b"));

        assertEquals("{\"x\":1}", other.getBody());
        assertEquals("tenant-b", other.getRequestContext().getAuthorizer().getJwt().getClaims().get("custom:tenant"));
        assertEquals("tenant-a", event.getRequestContext().getAuthorizer().getJwt().getClaims().get("custom:tenant"));
        assertNotEquals(other.getBody(), event.getBody());

        APIGatewayV2HTTPEvent bare = LambdaEvents.withClaims(new APIGatewayV2HTTPEvent(), Map.of("sub", "s"));
        assertEquals("s", bare.getRequestContext().getAuthorizer().getJwt().getClaims().get("sub"));
    }

    @Test
    void findsTheRepositoryRoot() {
        Path root = LambdaEvents.repositoryRoot();
        assertTrue(Files.isRegularFile(root.resolve("template.yaml"))
                || Files.isRegularFile(root.resolve("pom.xml")), root.toString());
        assertTrue(Files.isDirectory(root.resolve("test-support")), root.toString());
        assertEquals(root.resolve("events"), LambdaEvents.eventsDirectory());
    }

    @Test
    void testContextCountsDown() throws Exception {
        TestLambdaContext context = new TestLambdaContext("fn", Duration.ofSeconds(5));
        int first = context.getRemainingTimeInMillis();
        assertTrue(first > 4000 && first <= 5000, Integer.toString(first));
        Thread.sleep(20);
        assertTrue(context.getRemainingTimeInMillis() < first);
        assertEquals("fn", context.getFunctionName());
        assertFalse(context.getAwsRequestId().isEmpty());
        assertNotEquals(context.getAwsRequestId(), new TestLambdaContext().getAwsRequestId());
        context.getLogger().log("TestLambdaContext logger works");
    }
}
