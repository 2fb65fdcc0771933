package dev.hearth.launcher.worker;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Runs the young collector once, the last thing a pool worker does before it parks: the JDK has
 * no call for a young collection alone ({@code System.gc()} is a full one, which would also empty
 * the engine's weakly held caches the rehearsals just filled), so it allocates throwaway arrays
 * until the young collector has run.
 *
 * <p>Why: what the rehearsals and the prepared context leave in eden (2-3 MB live) made the first
 * young collection after the claim copy it: 8-15 ms in the middle of a function's first
 * milliseconds (seen in the hello example's run whenever eden was near full at park), against
 * ~2.5 ms for a young collection of what the function itself allocated. After this one the
 * claimed worker starts with an empty eden. The price: the eden pages it touches stay resident in
 * the parked worker (~3 MB); a function touches them anyway with its first allocations.
 */
final class YoungCollection {

    private static final int CHUNK = 32 * 1024;
    private static volatile Object sink;

    private YoungCollection() { }

    /**
     * @return true when a young collection ran; false when this JVM's collector has no young
     *         generation that allocation reaches within twice its eden (nothing else is done then)
     */
    static boolean run() {
        List<GarbageCollectorMXBean> young = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(YoungCollection::isYoungCollector).toList();
        long eden = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getName().contains("Eden")).mapToLong(p -> p.getUsage().getCommitted()).sum();
        if (young.isEmpty() || eden <= 0) {
            return false;
        }
        long before = collections(young);
        try {
            for (long allocated = 0; allocated < 2 * eden + CHUNK; allocated += CHUNK) {
                sink = new byte[CHUNK];
                if (collections(young) != before) {
                    return true;
                }
            }
            return false;
        } finally {
            sink = null;
        }
    }

    /**
     * Serial's "Copy" and Parallel's "PS Scavenge" manage eden and survivor spaces only (their full
     * collectors the old generation too); G1's young collector names itself.
     */
    static boolean isYoungCollector(GarbageCollectorMXBean gc) {
        List<String> pools = List.of(gc.getMemoryPoolNames());
        boolean eden = pools.stream().anyMatch(p -> p.contains("Eden"));
        boolean old = pools.stream().anyMatch(p -> p.contains("Old") || p.contains("Tenured"));
        return eden && (!old || gc.getName().contains("Young"));
    }

    private static long collections(List<GarbageCollectorMXBean> collectors) {
        return collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }
}
