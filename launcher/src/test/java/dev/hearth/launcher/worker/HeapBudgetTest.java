package dev.hearth.launcher.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** In the test JVM (whatever its collector): thresholds are cleared again at close. */
class HeapBudgetTest {

    private static long oldGenerationUsed() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isUsageThresholdSupported())
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    @Test
    void liveDataAboveTheLimitAfterACollectionRunsTheAction() throws Exception {
        System.gc();
        long limit = oldGenerationUsed() + (32L << 20);
        CountDownLatch exceeded = new CountDownLatch(1);
        List<byte[]> live = new ArrayList<>();
        try (HeapBudget budget = HeapBudget.enforce(limit, exceeded::countDown)) {
            for (int i = 0; i < 64 && exceeded.getCount() > 0; i++) {
                live.add(new byte[1 << 20]); // 64 MiB kept: twice the room left
                if (i % 16 == 15) {
                    System.gc();
                }
            }
            System.gc();
            assertTrue(exceeded.await(10, TimeUnit.SECONDS), "no notification with " + live.size() + " MiB kept above " + (limit >> 20) + " MiB");
            assertEquals(limit, budget.bytes());
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.isCollectionUsageThresholdSupported()) {
                assertEquals(0, pool.getCollectionUsageThreshold(), pool.getName() + " cleared at close");
            }
        }
    }

    @Test
    void garbageAboveTheLimitDoesNotRunTheAction() throws Exception {
        System.gc();
        long limit = oldGenerationUsed() + (32L << 20);
        CountDownLatch exceeded = new CountDownLatch(1);
        try (HeapBudget budget = HeapBudget.enforce(limit, exceeded::countDown)) {
            for (int i = 0; i < 256; i++) {
                byte[] garbage = new byte[1 << 20]; // 256 MiB allocated, none of it kept
                garbage[0] = (byte) i;
            }
            System.gc();
            assertFalse(exceeded.await(500, TimeUnit.MILLISECONDS), "garbage is not live data");
        }
    }

    @Test
    void warmingUpLeavesNoLimitBehind() {
        HeapBudget.warmUp();
        List<MemoryPoolMXBean> old = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isUsageThresholdSupported()).toList();
        assertFalse(old.isEmpty());
        for (MemoryPoolMXBean pool : old) {
            assertEquals(0, pool.getUsageThreshold(), pool.getName());
            assertEquals(0, pool.getCollectionUsageThreshold(), pool.getName());
        }
    }

    @Test
    void aLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> HeapBudget.enforce(0, () -> { }));
    }
}
