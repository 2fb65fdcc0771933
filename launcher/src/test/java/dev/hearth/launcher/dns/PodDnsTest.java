package dev.hearth.launcher.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lookups through a pod's resolv.conf: its parsing, resolv(5)'s search order, and real queries to a DNS server. */
class PodDnsTest {

    private static final String POD_RESOLV_CONF = """
            # written by the CRI
            search default.svc.cluster.local svc.cluster.local cluster.local
            nameserver 10.96.0.10
            options ndots:5
            """;

    @Test
    void readsAResolvConfAsResolvDoes() {
        PodDns.Config config = PodDns.Config.parse(POD_RESOLV_CONF, 53);
        assertEquals(List.of("10.96.0.10"), config.nameservers());
        assertEquals(List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local"), config.search());
        assertEquals(5, config.ndots());
        assertEquals(List.of("api.default.svc.cluster.local.", "api.svc.cluster.local.", "api.cluster.local.", "api."),
                config.candidates("api"));
        assertEquals(List.of("a.b.c.d.e.f.", "a.b.c.d.e.f.default.svc.cluster.local.", "a.b.c.d.e.f.svc.cluster.local.",
                "a.b.c.d.e.f.cluster.local."), config.candidates("a.b.c.d.e.f"));
        assertEquals(List.of("example.org."), config.candidates("example.org."));
    }

    @Test
    void namesResolveThroughThePodsNameserverWithItsSearchList() throws Exception {
        try (TinyDns dns = new TinyDns(InetAddress.getLoopbackAddress(), Map.of("api.default.svc.cluster.local.", "10.0.0.7", "example.org.", "192.0.2.1"))) {
            PodDns.Config config = PodDns.Config.parse(POD_RESOLV_CONF.replace("10.96.0.10", "127.0.0.1"), dns.port());
            assertEquals(List.of(InetAddress.getByAddress("api", new byte[] {10, 0, 0, 7})), PodDns.lookup(config, "api"));
            assertEquals("192.0.2.1", PodDns.lookup(config, "example.org").getFirst().getHostAddress());
            UnknownHostException e = assertThrows(UnknownHostException.class, () -> PodDns.lookup(config, "nowhere"));
            assertEquals("nowhere: not found through the pod's DNS [127.0.0.1]", e.getMessage());
        }
    }
}
