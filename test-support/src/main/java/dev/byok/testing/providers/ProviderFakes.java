package dev.byok.testing.providers;

/**
 * One lazily started instance of each fake per JVM, stopped by a shutdown hook. Used by {@link ProviderFakesExtension};
 * the local dev server can use it too.
 */
public final class ProviderFakes {

    private static AnthropicFake anthropic;
    private static OpenAiFake openAi;
    private static GeminiFake gemini;
    private static boolean hookInstalled;

    private ProviderFakes() {
    }

    public static synchronized AnthropicFake anthropic() {
        if (anthropic == null) {
            anthropic = new AnthropicFake();
            installHook();
        }
        return anthropic;
    }

    public static synchronized OpenAiFake openAi() {
        if (openAi == null) {
            openAi = new OpenAiFake();
            installHook();
        }
        return openAi;
    }

    public static synchronized GeminiFake gemini() {
        if (gemini == null) {
            gemini = new GeminiFake();
            installHook();
        }
        return gemini;
    }

    /** Resets the fakes started so far (stubs added by tests, request logs, key policies). */
    public static synchronized void resetStarted() {
        if (anthropic != null) {
            anthropic.reset();
        }
        if (openAi != null) {
            openAi.reset();
        }
        if (gemini != null) {
            gemini.reset();
        }
    }

    private static void installHook() {
        if (!hookInstalled) {
            hookInstalled = true;
            Runtime.getRuntime().addShutdownHook(new Thread(ProviderFakes::stopAll, "provider-fakes-shutdown"));
        }
    }

    private static synchronized void stopAll() {
        for (ProviderFake fake : new ProviderFake[] {anthropic, openAi, gemini}) {
            if (fake != null) {
                try {
                    fake.close();
                } catch (RuntimeException ignored) {
                    // best effort at shutdown
                }
            }
        }
    }
}
