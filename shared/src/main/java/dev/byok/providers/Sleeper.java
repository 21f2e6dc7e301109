package dev.byok.providers;

import java.time.Duration;

/** Port: waits between attempts. Injected so that tests advance a clock instead of sleeping. */
public interface Sleeper {
    /** Blocks for {@code duration}; an interrupt ends the wait early and keeps the thread's interrupt flag. */
    void sleep(Duration duration);
}
