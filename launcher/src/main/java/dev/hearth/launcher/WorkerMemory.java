package dev.hearth.launcher;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.cgroups.CgroupException;

/**
 * How big a worker's Java heap may be, so that a function that stays within its cgroup's memory
 * limit is not OOM-killed because the JVM sized itself for the host. A worker JVM fixes its
 * maximum heap when it boots, before it knows its container, so:
 * <ul>
 *   <li>pool workers boot with a fixed heap of {@link #poolHeapBytes}; a container takes one only
 *       when its limit leaves room for that heap plus {@link #overheadBytes} (metaspace, code,
 *       GraalJS's native and thread memory) or it has no limit;</li>
 *   <li>any other container gets a worker started for it with a heap of its limit minus the
 *       overhead (at least {@link #minHeapBytes}), so a JS program that allocates too much meets a
 *       JS {@code RangeError}/Java OutOfMemoryError in its own heap instead of the kernel's OOM
 *       killer.</li>
 * </ul>
 *
 * @param poolHeapBytes maximum heap of pool workers, and of workers of containers without a limit
 * @param overheadBytes what a worker takes besides its heap (measured: see launcher/README.md)
 * @param minHeapBytes  the smallest heap worth starting a worker with
 */
public record WorkerMemory(long poolHeapBytes, long overheadBytes, long minHeapBytes) {

    public static final long MIB = 1L << 20;

    public WorkerMemory {
        if (poolHeapBytes < MIB || overheadBytes < 0 || minHeapBytes < MIB) {
            throw new IllegalArgumentException("worker memory sizes out of range: heap " + poolHeapBytes
                    + ", overhead " + overheadBytes + ", min heap " + minHeapBytes);
        }
    }

    /** 128 MiB heaps, 96 MiB of overhead: a pool hit for limits of 224 MiB and more. */
    public static WorkerMemory defaults() {
        return new WorkerMemory(128 * MIB, 96 * MIB, 16 * MIB);
    }

    public WorkerMemory withPoolHeap(long bytes) {
        return new WorkerMemory(bytes, overheadBytes, minHeapBytes);
    }

    /** True for "no limit": absent, negative (v2 "max"), or v1's huge page-rounded LONG_MAX. */
    static boolean unlimited(long limitBytes) {
        return limitBytes <= 0 || limitBytes >= (1L << 62);
    }

    /** Whether a pool worker (heap fixed at {@link #poolHeapBytes}) fits a container's limit. */
    boolean poolWorkerFits(long limitBytes) {
        return unlimited(limitBytes) || limitBytes >= poolHeapBytes + overheadBytes;
    }

    /** The heap of a worker started for a container with this limit. */
    long heapFor(long limitBytes) {
        if (unlimited(limitBytes)) {
            return poolHeapBytes;
        }
        return Math.max(minHeapBytes, limitBytes - overheadBytes);
    }

    /** The container's memory limit in bytes, or -1 when it has none (or none can be read). */
    static long limitOf(Cgroup cgroup) throws CgroupException {
        if (cgroup == null) {
            return -1;
        }
        long limit = cgroup.memoryLimit();
        return unlimited(limit) ? -1 : limit;
    }
}
