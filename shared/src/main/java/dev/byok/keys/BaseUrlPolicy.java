package dev.byok.keys;

import jakarta.inject.Singleton;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which endpoints a tenant may point an {@code openai-compatible} key at, so a tenant cannot make the functions call
 * into the VPC, the instance metadata service (169.254.169.254) or the Lambda runtime API on loopback. Allowed: HTTPS
 * to a host whose every address is public. Plain HTTP and non-public addresses only for hosts the operator lists
 * ({@link ProviderEndpointAllowList}). The host name is resolved, so a public-looking name that points at a private
 * address is refused too; {@link KeyResolver} checks again before every use, so a name re-pointed after registration
 * is caught as well.
 */
@Singleton
public class BaseUrlPolicy {
    static final int MAX_LENGTH = 2048;
    private static final String NOT_PUBLIC = "baseUrl must not point at a private, loopback, link-local or other "
            + "non-public address";

    private final ProviderEndpointAllowList allowList;
    private final HostResolver resolver;

    public BaseUrlPolicy(ProviderEndpointAllowList allowList, HostResolver resolver) {
        this.allowList = allowList;
        this.resolver = resolver;
    }

    /** Empty when allowed, else the reason (safe to show: it restates the rule, not the caller's URL). */
    public Optional<String> check(String baseUrl) {
        if (baseUrl.length() > MAX_LENGTH) {
            return Optional.of("baseUrl must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException e) {
            return Optional.of("baseUrl must be an absolute http(s) URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("baseUrl must be an absolute http(s) URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("baseUrl must not contain credentials, a query or a fragment");
        }
        String host = uri.getHost();
        if (allowList.allows(host)) {
            return Optional.empty();
        }
        if (scheme.equals("http")) {
            return Optional.of("baseUrl must use https");
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Optional.of("baseUrl's host does not resolve");
        }
        if (addresses.isEmpty() || !addresses.stream().allMatch(BaseUrlPolicy::isPublic)) {
            return Optional.of(NOT_PUBLIC);
        }
        return Optional.empty();
    }

    /** Whether an address is globally routable (not private, loopback, link-local, shared, reserved, ...). */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicIpv4(bytes);
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // fc00::/7 unique local (e.g. fd00:ec2::254, the IPv6 instance metadata service)
            }
            if (first == 0x20 && (bytes[1] & 0xff) == 0x01 && (bytes[2] & 0xff) == 0x0d && (bytes[3] & 0xff) == 0xb8) {
                return false; // 2001:db8::/32 documentation
            }
            if (first == 0x20 && (bytes[1] & 0xff) == 0x02) {
                return isPublicIpv4(new byte[] {bytes[2], bytes[3], bytes[4], bytes[5]}); // 6to4 embeds an IPv4
            }
            boolean nat64 = first == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                    && (bytes[3] & 0xff) == 0x9b && allZero(bytes, 4, 12);
            boolean compatible = allZero(bytes, 0, 12);
            if (nat64 || compatible) {
                return isPublicIpv4(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
            }
            return true;
        }
        return false;
    }

    private static boolean isPublicIpv4(byte[] bytes) {
        int a = bytes[0] & 0xff;
        int b = bytes[1] & 0xff;
        int c = bytes[2] & 0xff;
        return !(a == 0                                   // 0.0.0.0/8 "this network"
                || a == 10                                // 10/8 private
                || a == 127                               // loopback
                || (a == 100 && b >= 64 && b <= 127)      // 100.64/10 shared address space (carrier NAT)
                || (a == 169 && b == 254)                 // link-local, the instance metadata service
                || (a == 172 && b >= 16 && b <= 31)       // 172.16/12 private
                || (a == 192 && b == 0 && (c == 0 || c == 2)) // IETF protocol assignments, TEST-NET-1
                || (a == 192 && b == 168)                 // 192.168/16 private
                || (a == 198 && (b == 18 || b == 19))     // benchmarking
                || (a == 198 && b == 51 && c == 100)      // TEST-NET-2
                || (a == 203 && b == 0 && c == 113)       // TEST-NET-3
                || a >= 224);                             // multicast, reserved, broadcast
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
