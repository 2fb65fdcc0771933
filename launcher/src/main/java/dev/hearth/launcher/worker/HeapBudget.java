package dev.hearth.launcher.worker;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

/**
 * A heap limit set after the JVM booted: a pool worker's {@code -Xmx} is the pool's reserve,
 * fixed before it knew its container, so it holds itself to the heap its container allows. The
 * limit applies to the old generation's live data: after a full collection (which leaves every
 * live object there) more than the limit is what {@code -Xmx} would have made an
 * OutOfMemoryError, and {@code onExceeded} runs (the worker reports the OOM and exits 137). When
 * the old generation's use crosses the limit between full collections (promoted garbage counts
 * there too), a full collection is asked for to tell the two apart. Uses the JVM's memory pool
 * thresholds, so it costs nothing until the limit is reached.
 */
final class HeapBudget implements AutoCloseable {

    private final long bytes;
    private final Runnable onExceeded;
    private final List<MemoryPoolMXBean> oldPools;
    private final NotificationEmitter emitter;
    private final NotificationListener listener = this::handle;

    private HeapBudget(long bytes, Runnable onExceeded) {
        this.bytes = bytes;
        this.onExceeded = onExceeded;
        // The heap pools with both thresholds are the old generations (Serial's Tenured Gen,
        // G1's Old Gen); eden and survivor spaces have no usage threshold.
        this.oldPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isUsageThresholdSupported()
                        && p.isCollectionUsageThresholdSupported())
                .toList();
        this.emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
    }

    /**
     * Holds this JVM's heap to {@code bytes} until closed.
     *
     * @throws IllegalStateException when the JVM has no old generation to watch
     */
    static HeapBudget enforce(long bytes, Runnable onExceeded) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a heap limit must be positive, got " + bytes);
        }
        HeapBudget budget = new HeapBudget(bytes, onExceeded);
        if (budget.oldPools.isEmpty()) {
            throw new IllegalStateException("no heap pool with usage thresholds in this JVM (its collector: "
                    + ManagementFactory.getGarbageCollectorMXBeans().stream().map(g -> g.getName()).toList() + ")");
        }
        budget.emitter.addNotificationListener(budget.listener, null, null);
        for (MemoryPoolMXBean pool : budget.oldPools) {
            pool.setUsageThreshold(bytes);
            pool.setCollectionUsageThreshold(bytes);
        }
        return budget;
    }

    /**
     * Loads and initialises what {@link #enforce} uses (the JVM's management beans and their
     * notification support) without setting any limit: a pool worker does it before it parks,
     * because the first use of java.lang.management costs ~1.5 ms of class loading and set-up,
     * which a claimed worker would otherwise spend after Start, before its function runs.
     */
    static void warmUp() {
        HeapBudget unused = new HeapBudget(Long.MAX_VALUE, () -> { });
        unused.emitter.addNotificationListener(unused.listener, null, null);
        unused.close();
    }

    private void handle(Notification notification, Object handback) {
        switch (notification.getType()) {
            case MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED -> onExceeded.run();
            // Live data or promoted garbage? A full collection decides: its result is checked
            // against the collection threshold, which notifies again when it is live data.
            case MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED -> System.gc();
            default -> { }
        }
    }

    /** The limit in bytes. */
    long bytes() {
        return bytes;
    }

    /** Stops watching (the thresholds are cleared). */
    @Override
    public void close() {
        for (MemoryPoolMXBean pool : oldPools) {
            pool.setUsageThreshold(0);
            pool.setCollectionUsageThreshold(0);
        }
        try {
            emitter.removeNotificationListener(listener);
        } catch (ListenerNotFoundException e) {
            // already removed
        }
    }
}
