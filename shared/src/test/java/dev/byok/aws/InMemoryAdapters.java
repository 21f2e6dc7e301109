package dev.byok.aws;

import dev.byok.audit.DynamoDbAuditLog;
import dev.byok.audit.InMemoryAuditLog;
import dev.byok.crypto.InMemoryEnvelopeCipher;
import dev.byok.crypto.InMemoryFingerprintKeySource;
import dev.byok.crypto.KmsEnvelopeCipher;
import dev.byok.crypto.SecretsManagerFingerprintKeySource;
import dev.byok.keys.DynamoDbKeyRepository;
import dev.byok.keys.InMemoryKeyRepository;
import dev.byok.keys.InMemoryReferencedSecrets;
import dev.byok.keys.SecretsManagerReferencedSecrets;
import dev.byok.recipes.DynamoDbRecipeRepository;
import dev.byok.recipes.InMemoryRecipeRepository;
import dev.byok.runs.DynamoDbIdempotencyRecords;
import dev.byok.runs.DynamoDbRunPrerequisites;
import dev.byok.runs.DynamoDbRunStore;
import dev.byok.runs.IdempotencyRecords;
import dev.byok.runs.InMemoryRunHistory;
import dev.byok.runs.InMemoryRunPrerequisites;
import dev.byok.runs.InMemoryRunStore;
import dev.byok.runs.RunHistory;
import dev.byok.runs.RunPrerequisites;
import dev.byok.runs.RunRecorder;
import dev.byok.settings.DynamoDbTenantSettingsRepository;
import dev.byok.settings.InMemoryTenantSettingsRepository;
import dev.byok.usage.DynamoDbUsageAggregates;
import dev.byok.usage.InMemoryUsageAggregates;
import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.inject.qualifiers.PrimaryQualifier;

import java.util.List;

/**
 * Every AWS adapter of {@code shared/} replaced by its in-memory fake, as runtime bean definitions for an
 * application context ({@code ApplicationContextBuilder.beanDefinitions(...)}): the services, controllers, provider
 * clients and caches stay the real ones. For unit tests and for the benchmarks' measurement of the orchestration's own
 * overhead (the emulator's latency is not AWS's). The fakes are public fields, to seed and to count.
 */
public final class InMemoryAdapters {
    public final InMemoryAuditLog audit = new InMemoryAuditLog();
    public final InMemoryKeyRepository keys = new InMemoryKeyRepository(audit);
    public final InMemoryRecipeRepository recipes = new InMemoryRecipeRepository();
    public final InMemoryTenantSettingsRepository settings = new InMemoryTenantSettingsRepository();
    public final InMemoryUsageAggregates aggregates = new InMemoryUsageAggregates();
    public final InMemoryRunStore runs = new InMemoryRunStore(new InMemoryRunHistory(), aggregates);
    public final InMemoryRunPrerequisites prerequisites =
            new InMemoryRunPrerequisites(recipes, keys, runs, settings);
    public final InMemoryEnvelopeCipher cipher = new InMemoryEnvelopeCipher();
    public final InMemoryFingerprintKeySource fingerprintKey = new InMemoryFingerprintKeySource();
    public final InMemoryReferencedSecrets referencedSecrets = new InMemoryReferencedSecrets();

    /** The bean definitions that replace each AWS adapter by the fake above. */
    public RuntimeBeanDefinition<?>[] beanDefinitions() {
        return List.of(
                replacing(DynamoDbAuditLog.class, audit),
                replacing(DynamoDbKeyRepository.class, keys),
                replacing(DynamoDbRecipeRepository.class, recipes),
                replacing(DynamoDbTenantSettingsRepository.class, settings),
                replacing(DynamoDbUsageAggregates.class, aggregates),
                replacing(DynamoDbRunStore.class, runs, RunRecorder.class, RunHistory.class),
                replacing(DynamoDbIdempotencyRecords.class, runs, IdempotencyRecords.class),
                replacing(DynamoDbRunPrerequisites.class, prerequisites, RunPrerequisites.class),
                replacing(KmsEnvelopeCipher.class, cipher),
                replacing(SecretsManagerFingerprintKeySource.class, fingerprintKey),
                replacing(SecretsManagerReferencedSecrets.class, referencedSecrets))
                .toArray(RuntimeBeanDefinition<?>[]::new);
    }

    /** A singleton {@code fake} in place of {@code adapter}, under the port types the adapter was injected as. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RuntimeBeanDefinition<?> replacing(Class<?> adapter, Object fake, Class<?>... exposed) {
        Class<?>[] types = exposed.length > 0 ? exposed : adapter.getInterfaces();
        RuntimeBeanDefinition.Builder builder = RuntimeBeanDefinition.builder((Class) fake.getClass(), () -> fake);
        // Primary as well as replacing: Micronaut 4 does not always drop the replaced definition from the candidates.
        return builder.singleton(true).replaces(adapter).qualifier(PrimaryQualifier.INSTANCE).exposedTypes(types)
                .build();
    }
}
