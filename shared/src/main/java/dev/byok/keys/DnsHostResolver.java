package dev.byok.keys;

import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** {@link HostResolver} through the JVM's resolver (system DNS, with the JVM's short positive cache). */
@Singleton
public class DnsHostResolver implements HostResolver {
    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }
}
