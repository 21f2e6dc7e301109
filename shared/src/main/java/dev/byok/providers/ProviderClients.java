package dev.byok.providers;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;
import jakarta.inject.Singleton;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Finds the adapter for a provider. */
@Singleton
public class ProviderClients {
    private final Map<ProviderKind, ProviderClient> clients = new EnumMap<>(ProviderKind.class);

    public ProviderClients(List<ProviderClient> adapters) {
        adapters.forEach(adapter -> clients.put(adapter.kind(), adapter));
    }

    public ProviderClient forKind(ProviderKind kind) {
        ProviderClient client = clients.get(kind);
        if (client == null) {
            throw new ServiceException(ErrorCode.INVALID_REQUEST, "Provider " + kind.wireName()
                    + " is not supported by this deployment yet.");
        }
        return client;
    }
}
