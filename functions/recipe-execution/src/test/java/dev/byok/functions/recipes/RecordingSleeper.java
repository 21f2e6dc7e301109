package dev.byok.functions.recipes;

import dev.byok.providers.Sleeper;
import dev.byok.providers.ThreadSleeper;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test replacement of the retry sleeper: records each wait instead of sleeping, so retry tests take no real time. */
@Singleton
@Replaces(ThreadSleeper.class)
public class RecordingSleeper implements Sleeper {
    private final List<Duration> waits = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration duration) {
        waits.add(duration);
    }

    public synchronized List<Duration> waits() {
        return List.copyOf(waits);
    }

    public synchronized void clear() {
        waits.clear();
    }
}
