package dev.byok.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where an openai-compatible key may point, with name resolution faked (no network in unit tests). */
class BaseUrlPolicyTest {
    private final Map<String, List<InetAddress>> dns = new HashMap<>();
    private final HostResolver resolver = host -> {
        List<InetAddress> addresses = dns.get(host);
        if (addresses != null) {
            return addresses;
        }
        if (host.matches("[0-9a-fA-F.:]+")) {
            return List.of(InetAddress.getByName(host));
        }
        throw new UnknownHostException(host);
    };

    private BaseUrlPolicy policy(String... allowed) {
        return new BaseUrlPolicy(new ProviderEndpointAllowList(List.of(allowed)), resolver);
    }

    private void resolves(String host, String... addresses) throws UnknownHostException {
        List<InetAddress> list = new java.util.ArrayList<>();
        for (String address : addresses) {
            list.add(InetAddress.getByName(address));
        }
        dns.put(host, list);
    }

    @Test
    void https_to_a_host_with_only_public_addresses_is_allowed() throws Exception {
        resolves("my-resource.openai.azure.com", "20.42.1.1", "2603:1030::1");
        assertEquals(Optional.empty(), policy().check("https://my-resource.openai.azure.com/openai/v1/"));
        resolves("api.groq.com", "104.18.0.1");
        assertEquals(Optional.empty(), policy().check("https://api.groq.com:8443/openai/v1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://169.254.169.254/latest", "https://127.0.0.1/v1", "https://10.0.0.5/v1",
            "https://172.16.3.4/v1", "https://192.168.1.1/v1", "https://100.64.0.1/v1", "https://0.0.0.0/v1",
            "https://[::1]/v1", "https://[fe80::1]/v1", "https://[fd00:ec2::254]/v1",
            "https://[::ffff:169.254.169.254]/v1",
            "https://[64:ff9b::a9fe:a9fe]/v1", "https://[2002:a9fe:a9fe::1]/v1", "https://224.0.0.1/v1"})
    void non_public_address_literals_are_refused(String url) {
        Optional<String> reason = policy().check(url);
        assertTrue(reason.isPresent() && reason.get().contains("must not point at a private"), url + ": " + reason);
    }

    @Test
    void a_public_looking_name_that_resolves_to_a_private_address_is_refused() throws Exception {
        resolves("metadata.attacker.example", "169.254.169.254");
        assertTrue(policy().check("https://metadata.attacker.example/v1").isPresent());
        resolves("mixed.example", "93.184.216.34", "10.1.2.3");
        assertTrue(policy().check("https://mixed.example/v1").isPresent(), "one private address is enough");
        resolves("decimal.example", "2130706433");
        assertTrue(policy().check("https://decimal.example/v1").isPresent(), "127.0.0.1 in any spelling");
    }

    @Test
    void a_host_that_does_not_resolve_is_refused() {
        assertEquals(Optional.of("baseUrl's host does not resolve"), policy().check("https://nowhere.invalid/v1"));
    }

    @Test
    void plain_http_is_refused_unless_the_operator_allows_the_host() throws Exception {
        resolves("models.example.com", "93.184.216.34");
        assertEquals(Optional.of("baseUrl must use https"), policy().check("http://models.example.com/v1"));
        assertEquals(Optional.empty(), policy("models.example.com").check("http://models.example.com/v1"));
    }

    @Test
    void allowed_hosts_may_be_private_and_are_compared_ignoring_case_and_a_final_dot() {
        BaseUrlPolicy local = policy("127.0.0.1", "LocalHost", "::1");
        assertEquals(Optional.empty(), local.check("http://127.0.0.1:11434/v1"));
        assertEquals(Optional.empty(), local.check("http://localhost.:8000/v1"));
        assertEquals(Optional.empty(), local.check("http://[::1]:8000/v1"));
        assertTrue(local.check("https://127.0.0.2/v1").isPresent(), "only the listed host");
        assertTrue(policy("").check("https://127.0.0.1/v1").isPresent(), "an empty entry allows nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "ftp://example.com/v1", "/relative/v1", "https:///v1", "https://[::1",
            "https://user:password@example.com/v1", "https://example.com/v1?key=x", "https://example.com/v1#frag"})
    void malformed_urls_credentials_queries_and_fragments_are_refused(String url) {
        Optional<String> reason = policy().check(url);
        assertTrue(reason.isPresent(), url);
        assertFalse(reason.get().contains("password"), "the reason never repeats the URL");
    }

    @Test
    void an_over_long_url_is_refused() {
        assertTrue(policy().check("https://example.com/" + "a".repeat(2100)).isPresent());
    }
}
