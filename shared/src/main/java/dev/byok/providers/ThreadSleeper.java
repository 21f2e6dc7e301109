package dev.byok.providers;

import jakarta.inject.Singleton;

import java.time.Duration;

/** {@link Sleeper} on {@link Thread#sleep}. */
@Singleton
public class ThreadSleeper implements Sleeper {
    @Override
    public void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
