package dev.byok.logging;

import java.util.ArrayList;
import java.util.List;

/**
 * Describes an unexpected exception for the log without its message. Messages of third-party exceptions can carry
 * request data (a JSON parser quoting the body it choked on, a provider echoing a prompt), so only class names and
 * the frames where they were thrown are logged.
 */
public final class SafeThrowables {
    private static final int MAX_FRAMES = 8;

    private SafeThrowables() {
    }

    public static String describe(Throwable throwable) {
        List<String> parts = new ArrayList<>();
        Throwable current = throwable;
        int depth = 0;
        while (current != null && depth++ < 5) {
            StringBuilder part = new StringBuilder(current.getClass().getName());
            StackTraceElement[] frames = current.getStackTrace();
            for (int i = 0; i < Math.min(MAX_FRAMES, frames.length); i++) {
                part.append(i == 0 ? " at " : " < ").append(frames[i]);
            }
            parts.add(part.toString());
            current = current.getCause() == current ? null : current.getCause();
        }
        return String.join(" | caused by ", parts);
    }
}
