package dev.hearth.launcher.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.stream.Stream;

/**
 * The JDK's name resolver in every JVM that has the launcher on its class path (found through
 * META-INF/services): the built-in resolver, unless {@link PodDns#configure} gave this worker a
 * pod's DNS; then a name is looked up there first, and through the built-in resolver (the host's
 * /etc/hosts, e.g. localhost) when the pod's DNS does not know it.
 */
public final class PodDnsResolverProvider extends InetAddressResolverProvider {

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                PodDns.Config pod = PodDns.config();
                if (pod != null) {
                    try {
                        List<InetAddress> found = PodDns.lookup(pod, host);
                        int wanted = policy.characteristics();
                        return found.stream().filter(a -> accepts(wanted, a));
                    } catch (UnknownHostException notInThePod) {
                        // the host's resolver may still know it (localhost)
                    }
                }
                return builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    private static boolean accepts(int characteristics, InetAddress address) {
        boolean v4 = (characteristics & InetAddressResolver.LookupPolicy.IPV4) != 0;
        boolean v6 = (characteristics & InetAddressResolver.LookupPolicy.IPV6) != 0;
        return address instanceof java.net.Inet4Address ? v4 || !v6 : v6 || !v4;
    }

    @Override
    public String name() {
        return "hearth pod DNS";
    }
}
