package dev.hearth.launcher.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

/**
 * Name lookups through a Kubernetes pod's DNS: the nameservers, search list and {@code ndots} of
 * the pod's resolv.conf (the CRI writes it from the pod's DNS policy: cluster DNS and
 * {@code <ns>.svc.cluster.local ...}), queried with the JDK's DNS client (JNDI). A worker has the
 * host's /etc/resolv.conf in its view of the file system; once its function joined a pod,
 * {@link #configure} makes {@link PodDnsResolverProvider} resolve through the pod's instead.
 */
public final class PodDns {

    /** What a resolv.conf says, as far as lookups go. */
    public record Config(List<String> nameservers, List<String> search, int ndots, int port) {
        public Config {
            nameservers = List.copyOf(nameservers);
            search = List.copyOf(search);
        }

        /** resolv.conf text; {@code port}: 53 but for tests. */
        public static Config parse(String text, int port) {
            List<String> nameservers = new ArrayList<>();
            List<String> search = new ArrayList<>();
            int ndots = 1;
            for (String raw : text.split("\n")) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                String[] words = line.split("\\s+");
                switch (words[0]) {
                    case "nameserver" -> {
                        if (words.length > 1) nameservers.add(words[1]);
                    }
                    case "search", "domain" -> {
                        search.clear();
                        for (int i = 1; i < words.length; i++) search.add(words[i]);
                    }
                    case "options" -> {
                        for (int i = 1; i < words.length; i++) {
                            if (words[i].startsWith("ndots:")) {
                                try {
                                    ndots = Math.min(15, Integer.parseInt(words[i].substring(6)));
                                } catch (NumberFormatException e) {
                                    // resolv(5): an option that does not parse is ignored
                                }
                            }
                        }
                    }
                    default -> { }
                }
            }
            return new Config(nameservers, search, ndots, port);
        }

        /** The absolute names to try for {@code host}, in resolv(5)'s order. */
        List<String> candidates(String host) {
            if (host.endsWith(".")) {
                return List.of(host);
            }
            long dots = host.chars().filter(c -> c == '.').count();
            List<String> names = new ArrayList<>();
            if (dots >= ndots) names.add(host + ".");
            for (String domain : search) names.add(host + "." + (domain.endsWith(".") ? domain : domain + "."));
            if (dots < ndots) names.add(host + ".");
            return names;
        }
    }

    private static volatile Config config;

    private PodDns() {}

    /** From now on, names resolve through this pod DNS first (the worker's one pod). */
    public static void configure(Config pod) {
        config = pod;
    }

    static Config config() {
        return config;
    }

    /** The addresses of {@code host} through the pod's DNS, A records then AAAA. */
    static List<InetAddress> lookup(Config pod, String host) throws UnknownHostException {
        if (pod.nameservers().isEmpty()) {
            throw new UnknownHostException(host + ": the pod's resolv.conf names no nameserver");
        }
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", String.join(" ",
                pod.nameservers().stream().map(ns -> "dns://" + (ns.contains(":") ? "[" + ns + "]" : ns) + ":" + pod.port()).toList()));
        env.put("com.sun.jndi.dns.timeout.initial", "1000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        for (String name : pod.candidates(host)) {
            try {
                InitialDirContext dns = new InitialDirContext(env);
                try {
                    List<InetAddress> addresses = new ArrayList<>();
                    // One query per type: asking for both at once is an ANY query, which servers
                    // answer as they please (RFC 8482).
                    for (String type : List.of("A", "AAAA")) {
                        Attribute records = dns.getAttributes(name, new String[] {type}).get(type);
                        if (records == null) continue;
                        NamingEnumeration<?> values = records.getAll();
                        while (values.hasMore()) {
                            addresses.add(InetAddress.getByAddress(host, InetAddress.ofLiteral(values.next().toString()).getAddress()));
                        }
                    }
                    if (!addresses.isEmpty()) {
                        return addresses;
                    }
                } finally {
                    dns.close();
                }
            } catch (NamingException e) {
                // not this candidate (NXDOMAIN, no answer, timeout): the next one
            }
        }
        throw new UnknownHostException(host + ": not found through the pod's DNS " + pod.nameservers());
    }
}
