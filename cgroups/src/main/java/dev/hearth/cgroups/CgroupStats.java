package dev.hearth.cgroups;

import java.util.List;
import java.util.Map;

/**
 * What a cgroup's accounting files say at one moment. A section is null when its controller is
 * not available for the cgroup (not mounted on v1, not enabled on v2). Limits that the kernel
 * writes as "max" are {@link #MAX}; v1 memory limits are passed on as the kernel prints them
 * (an unlimited one reads 9223372036854771712, LONG_MAX rounded down to a page).
 *
 * @param version 1 or 2, which decides how {@link Memory#swap} and the raw maps read
 * @param hugetlb per page size as the kernel names it ("2MB", "1GB"), where the cgroup has
 *     hugetlb files: v1 hugetlb.&lt;size&gt;.usage_in_bytes, limit_in_bytes, max_usage_in_bytes,
 *     failcnt; v2 (also the cgroup2 directory of a hybrid host) hugetlb.&lt;size&gt;.current, max,
 *     peak 0, and the "max" count of hugetlb.&lt;size&gt;.events as failcnt. Empty without hugetlb.
 */
public record CgroupStats(int version, Memory memory, Cpu cpu, Pids pids, Map<String, Usage> hugetlb) {

    /** "max" in a cgroup file: no limit. */
    public static final long MAX = -1;

    public CgroupStats {
        hugetlb = hugetlb == null ? Map.of() : Map.copyOf(hugetlb);
    }

    /** Without hugetlb figures. */
    public CgroupStats(int version, Memory memory, Cpu cpu, Pids pids) {
        this(version, memory, cpu, pids, Map.of());
    }

    /**
     * One accounted quantity in bytes.
     *
     * @param peak the highest usage seen (v1 max_usage_in_bytes, v2 memory.peak; 0 when the
     *     kernel has no such file)
     * @param failcnt how often the limit was hit (v1 only; 0 on v2)
     */
    public record Usage(long usage, long limit, long peak, long failcnt) {}

    /**
     * @param memory v1 memory.usage_in_bytes & co; v2 memory.current, memory.max, memory.peak
     * @param swap v1: memory+swap together (memory.memsw.*, as the kernel and containerd's v1
     *     metrics report it), null without swap accounting; v2: swap alone (memory.swap.current,
     *     memory.swap.max, memory.swap.peak), null without swap accounting
     * @param kernel v1 memory.kmem.*, null where absent; always null on v2
     * @param kernelTcp v1 memory.kmem.tcp.*, null where absent; always null on v2
     * @param stat memory.stat as key -> value, the kernel's names (v1: cache, rss, total_rss...;
     *     v2: anon, file, ...)
     * @param events v1 memory.oom_control (oom_kill_disable, under_oom, oom_kill on kernels
     *     >= 4.13); v2 memory.events (low, high, max, oom, oom_kill)
     */
    public record Memory(Usage memory, Usage swap, Usage kernel, Usage kernelTcp,
                         Map<String, Long> stat, Map<String, Long> events) {
        public Memory {
            stat = Map.copyOf(stat);
            events = Map.copyOf(events);
        }

        /** memory.stat's value for {@code key}, 0 when this kernel does not report it. */
        public long stat(String key) {
            return stat.getOrDefault(key, 0L);
        }

        public long event(String key) {
            return events.getOrDefault(key, 0L);
        }
    }

    /**
     * CPU time in nanoseconds (v2 reports microseconds, converted here), and CFS throttling.
     *
     * @param perCpuNanos v1 cpuacct.usage_percpu; empty on v2
     * @param periods enforcement periods elapsed (cpu.stat nr_periods), 0 without a quota
     * @param throttledPeriods periods in which the quota ran out (nr_throttled)
     * @param throttledNanos time spent throttled (v1 throttled_time, v2 throttled_usec * 1000)
     */
    public record Cpu(long usageNanos, long userNanos, long systemNanos, List<Long> perCpuNanos,
                      long periods, long throttledPeriods, long throttledNanos) {
        public Cpu {
            perCpuNanos = List.copyOf(perCpuNanos);
        }
    }

    /** pids.current and pids.max ({@link #MAX} when unlimited). */
    public record Pids(long current, long limit) {}
}
