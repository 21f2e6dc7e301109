package dev.byok.keys;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link ReferencedSecrets} in memory: secrets by ARN, an unknown ARN fails like a secret this deployment cannot
 * read. The name reported is the ARN's name part without Secrets Manager's random six-character suffix, as the real
 * store reports it. Counts reads, so caching can be checked.
 */
public class InMemoryReferencedSecrets implements ReferencedSecrets {
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();

    public void put(String secretArn, String value) {
        secrets.put(secretArn, value);
    }

    @Override
    public ReferencedSecret read(String secretArn) {
        reads.incrementAndGet();
        String value = secrets.get(secretArn);
        if (value == null) {
            throw new ReferencedSecretUnreadableException("names no secret this deployment can read", null);
        }
        return new ReferencedSecret(nameOf(secretArn), value);
    }

    private static String nameOf(String secretArn) {
        String name = secretArn.substring(secretArn.indexOf(":secret:") + ":secret:".length());
        return name.matches(".*-[A-Za-z0-9]{6}") ? name.substring(0, name.length() - 7) : name;
    }

    public int reads() {
        return reads.get();
    }
}
