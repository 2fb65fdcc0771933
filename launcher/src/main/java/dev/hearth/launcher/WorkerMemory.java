package dev.hearth.launcher;

/**
 * How big a worker's Java heap may be, so that a function that stays within its cgroup's memory
 * limit is not OOM-killed because the JVM sized itself for the host, and one that outgrows it
 * meets an OutOfMemoryError in its own heap ({@link #heapFor}: the limit minus
 * {@link #overheadBytes}) rather than the kernel's OOM killer. A worker JVM fixes its maximum
 * heap when it boots, before it knows its container, so:
 * <ul>
 *   <li>pool workers boot with {@code -Xmx} of {@link #poolReserveBytes()}, address space only (a
 *       parked worker's memory does not depend on it: 66 MB PSS measured with 128 MiB and with
 *       6 GiB); a claimed one is told its container's heap in Load and holds itself to it
 *       (worker.HeapBudget). Any container whose heap fits the reserve takes a pool worker;</li>
 *   <li>a container whose heap is larger gets a worker started for it with that {@code -Xmx}.</li>
 * </ul>
 *
 * @param defaultHeapBytes heap of a function whose container has no memory limit
 * @param overheadBytes    what a worker takes besides its heap (measured: see launcher/README.md)
 * @param minHeapBytes     the smallest heap worth starting a worker with
 */
public record WorkerMemory(long defaultHeapBytes, long overheadBytes, long minHeapBytes) {

    public static final long MIB = 1L << 20;
    /** The pool workers' {@code -Xmx} unless the default heap is larger. */
    static final long POOL_RESERVE_BYTES = 4096 * MIB;

    public WorkerMemory {
        if (defaultHeapBytes < MIB || overheadBytes < 0 || minHeapBytes < MIB) {
            throw new IllegalArgumentException("worker memory sizes out of range: heap " + defaultHeapBytes
                    + ", overhead " + overheadBytes + ", min heap " + minHeapBytes);
        }
    }

    /** 128 MiB heaps without a limit, 96 MiB of overhead, 16 MiB at least. */
    public static WorkerMemory defaults() {
        return new WorkerMemory(128 * MIB, 96 * MIB, 16 * MIB);
    }

    public WorkerMemory withDefaultHeap(long bytes) {
        return new WorkerMemory(bytes, overheadBytes, minHeapBytes);
    }

    /** The {@code -Xmx} of pool workers: the largest heap a pool worker can be given. */
    long poolReserveBytes() {
        return Math.max(POOL_RESERVE_BYTES, defaultHeapBytes);
    }

    /** True for "no limit": absent, negative (v2 "max"), or v1's huge page-rounded LONG_MAX. */
    static boolean unlimited(long limitBytes) {
        return limitBytes <= 0 || limitBytes >= (1L << 62);
    }

    /** Whether a pool worker can be given the heap of a container with this limit. */
    boolean poolWorkerFits(long limitBytes) {
        return heapFor(limitBytes) <= poolReserveBytes();
    }

    /** The heap of a function whose container has this limit. */
    long heapFor(long limitBytes) {
        if (unlimited(limitBytes)) {
            return defaultHeapBytes;
        }
        return Math.max(minHeapBytes, limitBytes - overheadBytes);
    }
}
