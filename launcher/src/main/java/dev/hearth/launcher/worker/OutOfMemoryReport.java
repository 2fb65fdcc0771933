package dev.hearth.launcher.worker;

import dev.hearth.cgroups.CgroupException;
import com.sun.management.HotSpotDiagnosticMXBean;
import dev.hearth.cgroups.ProcessCgroups;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the worker says when its function exhausted the Java heap: which limit was hit (the heap,
 * sized by the daemon from the container's memory limit) and the container's memory limit, so
 * that a user sees the same story as for the kernel's OOM killer: exit 137 and a TaskOOM.
 */
final class OutOfMemoryReport {

    /** The exit status of a function stopped by a memory limit: 128 + SIGKILL, as the kernel's OOM kill. */
    static final int EXIT_STATUS = 137;

    private static final long MIB = 1L << 20;

    private OutOfMemoryReport() { }

    /**
     * The line for the function's stderr (and the daemon), for a function held to
     * {@code heapBytes} ({@link #heapLimit()} or a pool worker's {@link HeapBudget}) in this
     * process's current cgroup.
     */
    static String describe(long heapBytes) {
        return describe(heapBytes, containerLimit(Path.of("/sys/fs/cgroup")));
    }

    /**
     * The heap size the worker was started with ({@code -Xmx}, HotSpot's MaxHeapSize):
     * {@link Runtime#maxMemory()} leaves out a survivor space and would show an odd figure.
     */
    static long heapLimit() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Long.parseLong(hotspot.getVMOption("MaxHeapSize").getValue());
        } catch (RuntimeException e) {
            return Runtime.getRuntime().maxMemory();
        }
    }

    /**
     * @param heapBytes      the JVM's maximum heap
     * @param containerBytes the container's memory limit, or -1 when it has none
     */
    static String describe(long heapBytes, long containerBytes) {
        String container = containerBytes < 0 ? "no container memory limit" : "container memory limit " + mib(containerBytes);
        return "hearth: the function ran out of memory: heap limit " + mib(heapBytes) + " (" + container + ")";
    }

    private static String mib(long bytes) {
        return bytes % MIB == 0 ? bytes / MIB + " MiB" : String.format("%.1f MiB", bytes / (double) MIB);
    }

    /**
     * The memory limit of the cgroup this process is in (v1 {@code memory.limit_in_bytes} or v2
     * {@code memory.max} under {@code root}); -1 for none or when it cannot be read: the report
     * must not fail on a host laid out differently.
     */
    static long containerLimit(Path root) {
        try {
            return containerLimit(root, ProcessCgroups.self());
        } catch (CgroupException e) {
            return -1;
        }
    }

    static long containerLimit(Path root, ProcessCgroups cgroups) {
        String v1 = cgroups.v1ByController().get("memory");
        Path file = v1 != null
                ? root.resolve("memory").resolve(relative(v1)).resolve("memory.limit_in_bytes")
                : cgroups.unified() != null ? root.resolve(relative(cgroups.unified())).resolve("memory.max") : null;
        if (file == null) {
            return -1;
        }
        try {
            String text = Files.readString(file).trim();
            if (text.equals("max")) {
                return -1;
            }
            long limit = Long.parseLong(text);
            return limit >= (1L << 62) ? -1 : limit; // v1's "unlimited" is LONG_MAX rounded to a page
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static String relative(String cgroupPath) {
        return cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
    }
}
