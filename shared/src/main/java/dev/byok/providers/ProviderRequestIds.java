package dev.byok.providers;

import java.util.regex.Pattern;

/**
 * Provider request ids are provider-controlled text that we store, log and return: only a short token of id
 * characters is kept, anything else is dropped (a misbehaving endpoint could otherwise put megabytes, or text of its
 * choosing, into every run item).
 */
public final class ProviderRequestIds {
    static final int MAX_LENGTH = 128;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:/=+-]{1," + MAX_LENGTH + "}");

    private ProviderRequestIds() {
    }

    /** The id when it looks like one, else null. */
    public static String sanitize(String providerRequestId) {
        return providerRequestId != null && ID.matcher(providerRequestId).matches() ? providerRequestId : null;
    }
}
