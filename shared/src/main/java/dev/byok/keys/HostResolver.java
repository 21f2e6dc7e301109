package dev.byok.keys;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Port: name resolution, so the base-URL policy can judge where a host name really points. */
public interface HostResolver {
    /** Every address the host (a name or an address literal) resolves to; UnknownHostException when none. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
