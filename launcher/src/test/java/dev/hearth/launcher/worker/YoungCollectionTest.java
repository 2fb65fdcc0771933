package dev.hearth.launcher.worker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class YoungCollectionTest {

    @Test
    void runsTheYoungCollectorOfThisJvmOnce() {
        List<GarbageCollectorMXBean> young = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(YoungCollection::isYoungCollector).toList();
        assertFalse(young.isEmpty(), "no young collector found among " + names());
        long before = young.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        assertTrue(YoungCollection.run());
        long after = young.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        assertTrue(after > before, "young collections " + before + " -> " + after);
    }

    @Test
    void fullCollectorsAreNotTakenForYoungOnes() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().contains("MarkSweep") || gc.getName().contains("Old") || gc.getName().contains("Concurrent")) {
                assertFalse(YoungCollection.isYoungCollector(gc), gc.getName());
            }
        }
    }

    private static List<String> names() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList();
    }
}
