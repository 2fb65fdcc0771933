package dev.hearth.shim.metrics;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.hearth.cgroups.CgroupStats;
import dev.hearth.shim.proto.cgroups.v1.CPUStat;
import dev.hearth.shim.proto.cgroups.v1.CPUUsage;
import dev.hearth.shim.proto.cgroups.v1.MemoryEntry;
import dev.hearth.shim.proto.cgroups.v1.MemoryOomControl;
import dev.hearth.shim.proto.cgroups.v1.Throttle;
import dev.hearth.shim.proto.cgroups.v2.MemoryEvents;

/**
 * Turns {@link CgroupStats} into the metrics messages containerd expects from a shim's Stats:
 * {@code io.containerd.cgroups.v1.Metrics} for a v1 cgroup, {@code io.containerd.cgroups.v2.Metrics}
 * for a v2 one, wrapped in an Any whose type URL is the message's bare full name. containerd's
 * typeurl produces and compares exactly that (no "type.googleapis.com/" prefix: {@code typeurl.Is}
 * would not match it), and {@code ctr task metrics} picks its table by it.
 *
 * <p>Conventions follow what containerd's own cgroup readers report, so figures agree whichever
 * shim produced them: v1 pids "max" is a limit of 0, v2 "max" is 2^64-1 (Java's -1 as uint64).
 */
public final class MetricsConverter {
    public static final String V1_TYPE_URL = dev.hearth.shim.proto.cgroups.v1.Metrics.getDescriptor().getFullName();
    public static final String V2_TYPE_URL = dev.hearth.shim.proto.cgroups.v2.Metrics.getDescriptor().getFullName();

    private MetricsConverter() {}

    /** The Any for a Stats reply, v1 or v2 after {@link CgroupStats#version()}. */
    public static Any toAny(CgroupStats stats) {
        return switch (stats.version()) {
            case 1 -> any(V1_TYPE_URL, toV1(stats));
            case 2 -> any(V2_TYPE_URL, toV2(stats));
            default -> throw new IllegalArgumentException("cgroup stats of unknown version " + stats.version());
        };
    }

    private static Any any(String typeUrl, Message m) {
        return Any.newBuilder().setTypeUrl(typeUrl).setValue(m.toByteString()).build();
    }

    public static dev.hearth.shim.proto.cgroups.v1.Metrics toV1(CgroupStats s) {
        var m = dev.hearth.shim.proto.cgroups.v1.Metrics.newBuilder();
        if (s.pids() != null) {
            m.setPids(dev.hearth.shim.proto.cgroups.v1.PidsStat.newBuilder()
                    .setCurrent(s.pids().current())
                    .setLimit(s.pids().limit() == CgroupStats.MAX ? 0 : s.pids().limit()));
        }
        if (s.cpu() != null) {
            CgroupStats.Cpu c = s.cpu();
            m.setCpu(CPUStat.newBuilder()
                    .setUsage(CPUUsage.newBuilder().setTotal(c.usageNanos()).setUser(c.userNanos())
                            .setKernel(c.systemNanos()).addAllPerCpu(c.perCpuNanos()))
                    .setThrottling(Throttle.newBuilder().setPeriods(c.periods())
                            .setThrottledPeriods(c.throttledPeriods()).setThrottledTime(c.throttledNanos())));
        }
        if (s.memory() != null) {
            CgroupStats.Memory mem = s.memory();
            m.setMemory(v1Memory(mem));
            m.setMemoryOomControl(MemoryOomControl.newBuilder()
                    .setOomKillDisable(mem.event("oom_kill_disable"))
                    .setUnderOom(mem.event("under_oom"))
                    .setOomKill(mem.event("oom_kill")));
        }
        new java.util.TreeMap<>(s.hugetlb()).forEach((size, u) -> m.addHugetlb(
                dev.hearth.shim.proto.cgroups.v1.HugetlbStat.newBuilder().setPagesize(size)
                        .setUsage(u.usage()).setMax(u.peak()).setFailcnt(u.failcnt())));
        return m.build();
    }

    /** memory.stat's keys; where the proto's name differs from the kernel's, the kernel's is given. */
    private static dev.hearth.shim.proto.cgroups.v1.MemoryStat.Builder v1Memory(CgroupStats.Memory mem) {
        var b = dev.hearth.shim.proto.cgroups.v1.MemoryStat.newBuilder()
                .setCache(mem.stat("cache"))
                .setRss(mem.stat("rss"))
                .setRssHuge(mem.stat("rss_huge"))
                .setMappedFile(mem.stat("mapped_file"))
                .setDirty(mem.stat("dirty"))
                .setWriteback(mem.stat("writeback"))
                .setPgPgIn(mem.stat("pgpgin"))
                .setPgPgOut(mem.stat("pgpgout"))
                .setPgFault(mem.stat("pgfault"))
                .setPgMajFault(mem.stat("pgmajfault"))
                .setInactiveAnon(mem.stat("inactive_anon"))
                .setActiveAnon(mem.stat("active_anon"))
                .setInactiveFile(mem.stat("inactive_file"))
                .setActiveFile(mem.stat("active_file"))
                .setUnevictable(mem.stat("unevictable"))
                .setHierarchicalMemoryLimit(mem.stat("hierarchical_memory_limit"))
                .setHierarchicalSwapLimit(mem.stat("hierarchical_memsw_limit"))
                .setTotalCache(mem.stat("total_cache"))
                .setTotalRss(mem.stat("total_rss"))
                .setTotalRssHuge(mem.stat("total_rss_huge"))
                .setTotalMappedFile(mem.stat("total_mapped_file"))
                .setTotalDirty(mem.stat("total_dirty"))
                .setTotalWriteback(mem.stat("total_writeback"))
                .setTotalPgPgIn(mem.stat("total_pgpgin"))
                .setTotalPgPgOut(mem.stat("total_pgpgout"))
                .setTotalPgFault(mem.stat("total_pgfault"))
                .setTotalPgMajFault(mem.stat("total_pgmajfault"))
                .setTotalInactiveAnon(mem.stat("total_inactive_anon"))
                .setTotalActiveAnon(mem.stat("total_active_anon"))
                .setTotalInactiveFile(mem.stat("total_inactive_file"))
                .setTotalActiveFile(mem.stat("total_active_file"))
                .setTotalUnevictable(mem.stat("total_unevictable"));
        // ctr's table reads Memory.Usage.Usage whenever Memory is set: never leave it nil.
        b.setUsage(mem.memory() != null ? entry(mem.memory()) : MemoryEntry.getDefaultInstance());
        if (mem.swap() != null) b.setSwap(entry(mem.swap()));
        if (mem.kernel() != null) b.setKernel(entry(mem.kernel()));
        if (mem.kernelTcp() != null) b.setKernelTcp(entry(mem.kernelTcp()));
        return b;
    }

    private static MemoryEntry entry(CgroupStats.Usage u) {
        return MemoryEntry.newBuilder().setUsage(u.usage()).setLimit(u.limit()).setMax(u.peak()).setFailcnt(u.failcnt()).build();
    }

    public static dev.hearth.shim.proto.cgroups.v2.Metrics toV2(CgroupStats s) {
        var m = dev.hearth.shim.proto.cgroups.v2.Metrics.newBuilder();
        if (s.pids() != null) {
            // MAX is -1, whose uint64 bits are 2^64-1: containerd's reading of "max" on v2.
            m.setPids(dev.hearth.shim.proto.cgroups.v2.PidsStat.newBuilder()
                    .setCurrent(s.pids().current()).setLimit(s.pids().limit()));
        }
        if (s.cpu() != null) {
            CgroupStats.Cpu c = s.cpu();
            m.setCpu(dev.hearth.shim.proto.cgroups.v2.CPUStat.newBuilder()
                    .setUsageUsec(c.usageNanos() / 1000).setUserUsec(c.userNanos() / 1000)
                    .setSystemUsec(c.systemNanos() / 1000).setNrPeriods(c.periods())
                    .setNrThrottled(c.throttledPeriods()).setThrottledUsec(c.throttledNanos() / 1000));
        }
        if (s.memory() != null) {
            CgroupStats.Memory mem = s.memory();
            m.setMemory(v2Memory(mem));
            m.setMemoryEvents(MemoryEvents.newBuilder().setLow(mem.event("low")).setHigh(mem.event("high"))
                    .setMax(mem.event("max")).setOom(mem.event("oom")).setOomKill(mem.event("oom_kill")));
        }
        // "max" (no limit) is MAX, -1: the uint64 bits containerd reads as unlimited.
        new java.util.TreeMap<>(s.hugetlb()).forEach((size, u) -> m.addHugetlb(
                dev.hearth.shim.proto.cgroups.v2.HugeTlbStat.newBuilder().setPagesize(size)
                        .setCurrent(u.usage()).setMax(u.limit())));
        return m.build();
    }

    private static dev.hearth.shim.proto.cgroups.v2.MemoryStat.Builder v2Memory(CgroupStats.Memory mem) {
        var b = dev.hearth.shim.proto.cgroups.v2.MemoryStat.newBuilder()
                .setAnon(mem.stat("anon"))
                .setFile(mem.stat("file"))
                .setKernelStack(mem.stat("kernel_stack"))
                .setSlab(mem.stat("slab"))
                .setSock(mem.stat("sock"))
                .setShmem(mem.stat("shmem"))
                .setFileMapped(mem.stat("file_mapped"))
                .setFileDirty(mem.stat("file_dirty"))
                .setFileWriteback(mem.stat("file_writeback"))
                .setAnonThp(mem.stat("anon_thp"))
                .setInactiveAnon(mem.stat("inactive_anon"))
                .setActiveAnon(mem.stat("active_anon"))
                .setInactiveFile(mem.stat("inactive_file"))
                .setActiveFile(mem.stat("active_file"))
                .setUnevictable(mem.stat("unevictable"))
                .setSlabReclaimable(mem.stat("slab_reclaimable"))
                .setSlabUnreclaimable(mem.stat("slab_unreclaimable"))
                .setPgfault(mem.stat("pgfault"))
                .setPgmajfault(mem.stat("pgmajfault"))
                .setWorkingsetRefault(anonPlusFile(mem, "workingset_refault"))
                .setWorkingsetActivate(anonPlusFile(mem, "workingset_activate"))
                .setWorkingsetNodereclaim(mem.stat("workingset_nodereclaim"))
                .setPgrefill(mem.stat("pgrefill"))
                .setPgscan(mem.stat("pgscan"))
                .setPgsteal(mem.stat("pgsteal"))
                .setPgactivate(mem.stat("pgactivate"))
                .setPgdeactivate(mem.stat("pgdeactivate"))
                .setPglazyfree(mem.stat("pglazyfree"))
                .setPglazyfreed(mem.stat("pglazyfreed"))
                .setThpFaultAlloc(mem.stat("thp_fault_alloc"))
                .setThpCollapseAlloc(mem.stat("thp_collapse_alloc"));
        if (mem.memory() != null) {
            b.setUsage(mem.memory().usage()).setUsageLimit(mem.memory().limit()).setMaxUsage(mem.memory().peak());
        }
        if (mem.swap() != null) {
            b.setSwapUsage(mem.swap().usage()).setSwapLimit(mem.swap().limit()).setSwapMaxUsage(mem.swap().peak());
        }
        return b;
    }

    /** Linux 5.9 split workingset_refault/activate into _anon and _file; their sum is the old figure. */
    private static long anonPlusFile(CgroupStats.Memory mem, String key) {
        if (mem.stat().containsKey(key)) return mem.stat(key);
        return mem.stat(key + "_anon") + mem.stat(key + "_file");
    }
}
