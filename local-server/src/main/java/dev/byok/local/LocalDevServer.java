package dev.byok.local;

import dev.byok.testing.aws.LocalAwsBootstrap;
import dev.byok.testing.aws.LocalAwsResources;
import dev.byok.testing.aws.MotoServer;
import dev.byok.testing.providers.AnthropicFake;
import dev.byok.testing.providers.GeminiFake;
import dev.byok.testing.providers.OpenAiFake;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.HashMap;
import java.util.Map;

/**
 * Runs the whole product on this machine: moto as AWS (on a free loopback port), the bootstrap (table, KMS key,
 * fingerprint secret), the provider fakes, and every function's controllers on Netty at 127.0.0.1:3000. The AWS SDK
 * finds moto only through the standard {@code aws.endpointUrl} setting, exactly as it would find LocalStack or AWS.
 * Ctrl-C stops everything; moto also exits on its own when this JVM dies (it watches its stdin).
 */
public final class LocalDevServer implements AutoCloseable {
    public static final String ENVIRONMENT = "local";

    private final MotoServer moto;
    private final LocalAwsResources resources;
    private final AnthropicFake anthropic;
    private final OpenAiFake openAi;
    private final GeminiFake gemini;
    private final ApplicationContext context;

    private LocalDevServer(MotoServer moto, LocalAwsResources resources, AnthropicFake anthropic, OpenAiFake openAi,
                           GeminiFake gemini, ApplicationContext context) {
        this.moto = moto;
        this.resources = resources;
        this.anthropic = anthropic;
        this.openAi = openAi;
        this.gemini = gemini;
        this.context = context;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv().getOrDefault("BYOK_LOCAL_PORT", "3000"));
        LocalDevServer server = start(port, args);
        // Micronaut's own shutdown hook stops the HTTP server and the context (closing the context here as well
        // deadlocks with it); this one stops what the context does not own.
        Runtime.getRuntime().addShutdownHook(new Thread(server::stopCompanions, "local-dev-server-shutdown"));
        System.out.println(server.banner());
    }

    /** Starts everything; {@code port} 0 picks a free one. */
    public static LocalDevServer start(int port, String... args) {
        MotoServer moto = MotoServer.start();
        System.setProperty("aws.endpointUrl", moto.endpoint().toString());
        System.setProperty("aws.region", System.getProperty("aws.region", "us-east-1"));
        System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "local"));
        System.setProperty("aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "local"));
        LocalAwsResources resources = LocalAwsBootstrap.fromDefaultChain().bootstrap();

        AnthropicFake anthropic = new AnthropicFake();
        OpenAiFake openAi = new OpenAiFake();
        GeminiFake gemini = new GeminiFake();

        Map<String, Object> properties = new HashMap<>(resources.applicationProperties());
        properties.put("micronaut.server.port", port == 0 ? -1 : port);
        properties.put("byok.providers.anthropic-base-url", anthropic.baseUrl() + "/v1");
        properties.put("byok.providers.openai-base-url", openAi.baseUrl() + "/v1");
        properties.put("byok.providers.gemini-base-url", gemini.baseUrl() + "/v1beta");

        ApplicationContext context = Micronaut.build(args)
                .environments(ENVIRONMENT)
                .properties(properties)
                .banner(false)
                .start();
        return new LocalDevServer(moto, resources, anthropic, openAi, gemini, context);
    }

    /** The local API's base URL, e.g. {@code http://127.0.0.1:3000}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + context.getBean(EmbeddedServer.class).getPort();
    }

    @Override
    public void close() {
        context.close();
        stopCompanions();
    }

    private void stopCompanions() {
        anthropic.close();
        openAi.close();
        gemini.close();
        moto.close();
    }

    String banner() {
        String api = apiUrl();
        return String.join("\n",
                "",
                "BYOK Orchestrator is running locally.",
                "  API               " + api,
                "  OpenAPI           " + api + "/openapi/key-registration.yml, "
                        + "/openapi/recipe-execution.yml, /openapi/usage-query.yml, /openapi/workflows.yml",
                "  Workflows         run in process (in AWS: the Step Functions state machine), same step code",
                "  AWS (moto)        " + moto.endpoint() + "   table " + resources.tableName() + ", KMS key "
                        + resources.kmsKeyAlias(),
                "  Anthropic fake    " + anthropic.baseUrl() + "   (accepts keys starting with sk-ant-)",
                "  OpenAI fake       " + openAi.baseUrl(),
                "  Gemini fake       " + gemini.baseUrl(),
                "  Tokens            local-token-acme (tenant acme), local-token-globex (tenant globex)",
                "",
                "Try: curl -s " + api + "/keys -H 'Authorization: Bearer local-token-acme'",
                "The README's walkthrough registers keys, creates and runs a recipe, chains recipes in a workflow "
                        + "and shows usage.",
                "Press Ctrl-C to stop everything.",
                "");
    }
}
