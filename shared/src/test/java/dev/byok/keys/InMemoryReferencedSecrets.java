package dev.byok.keys;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link ReferencedSecrets} in memory: secrets by ARN, an unknown ARN fails like a secret this deployment cannot
 * read. Counts reads, so caching can be checked.
 */
public class InMemoryReferencedSecrets implements ReferencedSecrets {
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();

    public void put(String secretArn, String value) {
        secrets.put(secretArn, value);
    }

    @Override
    public String read(String secretArn) {
        reads.incrementAndGet();
        String value = secrets.get(secretArn);
        if (value == null) {
            throw new ReferencedSecretUnreadableException("names no secret this deployment can read", null);
        }
        return value;
    }

    public int reads() {
        return reads.get();
    }
}
