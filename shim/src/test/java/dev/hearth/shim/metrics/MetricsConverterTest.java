package dev.hearth.shim.metrics;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import dev.hearth.cgroups.CgroupStats;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class MetricsConverterTest {
    private static final long UINT64_MAX = -1L; // 2^64-1 as Java holds a uint64

    private static CgroupStats v1() {
        return new CgroupStats(1,
                new CgroupStats.Memory(
                        new CgroupStats.Usage(1_048_576, 33_554_432, 2_097_152, 7),
                        new CgroupStats.Usage(1_052_672, 67_108_864, 2_101_248, 1),
                        new CgroupStats.Usage(4096, 9223372036854771712L, 8192, 0),
                        null,
                        Map.of("cache", 8192L, "rss", 1_040_384L, "pgpgin", 300L, "hierarchical_memsw_limit", 67_108_864L,
                                "total_cache", 8192L, "total_rss", 1_040_384L, "total_pgmajfault", 2L),
                        Map.of("oom_kill_disable", 0L, "under_oom", 1L, "oom_kill", 3L)),
                new CgroupStats.Cpu(5_000_000_000L, 3_000_000_000L, 1_900_000_000L, List.of(2_000_000_000L, 3_000_000_000L),
                        50, 9, 123_456_789),
                new CgroupStats.Pids(3, CgroupStats.MAX));
    }

    private static CgroupStats v2() {
        return new CgroupStats(2,
                new CgroupStats.Memory(
                        new CgroupStats.Usage(3_145_728, CgroupStats.MAX, 4_194_304, 0),
                        new CgroupStats.Usage(4096, 0, 8192, 0),
                        null, null,
                        Map.of("anon", 2_097_152L, "file", 1_048_576L, "workingset_refault_anon", 5L,
                                "workingset_refault_file", 7L, "workingset_activate", 4L),
                        Map.of("low", 1L, "high", 2L, "max", 4L, "oom", 1L, "oom_kill", 1L)),
                new CgroupStats.Cpu(250_000_000L, 200_000_999L, 50_000_000L, List.of(), 10, 2, 3_000_000L),
                new CgroupStats.Pids(5, CgroupStats.MAX));
    }

    @Test
    void typeUrlsAreTheBareFullNamesContainerdDecodes() {
        assertEquals("io.containerd.cgroups.v1.Metrics", MetricsConverter.V1_TYPE_URL);
        assertEquals("io.containerd.cgroups.v2.Metrics", MetricsConverter.V2_TYPE_URL);
        assertEquals("io.containerd.cgroups.v1.Metrics", MetricsConverter.toAny(v1()).getTypeUrl());
        assertEquals("io.containerd.cgroups.v2.Metrics", MetricsConverter.toAny(v2()).getTypeUrl());
    }

    @Test
    void v1FiguresLandInTheirFields() throws Exception {
        Any any = MetricsConverter.toAny(v1());
        var m = dev.hearth.shim.proto.cgroups.v1.Metrics.parseFrom(any.getValue());

        assertEquals(3, m.getPids().getCurrent());
        assertEquals(0, m.getPids().getLimit(), "v1 \"max\" pids is 0, as containerd reports it");

        assertEquals(5_000_000_000L, m.getCpu().getUsage().getTotal());
        assertEquals(3_000_000_000L, m.getCpu().getUsage().getUser());
        assertEquals(1_900_000_000L, m.getCpu().getUsage().getKernel());
        assertEquals(List.of(2_000_000_000L, 3_000_000_000L), m.getCpu().getUsage().getPerCpuList());
        assertEquals(50, m.getCpu().getThrottling().getPeriods());
        assertEquals(9, m.getCpu().getThrottling().getThrottledPeriods());
        assertEquals(123_456_789, m.getCpu().getThrottling().getThrottledTime());

        var mem = m.getMemory();
        assertEquals(1_048_576, mem.getUsage().getUsage());
        assertEquals(33_554_432, mem.getUsage().getLimit());
        assertEquals(2_097_152, mem.getUsage().getMax());
        assertEquals(7, mem.getUsage().getFailcnt());
        assertEquals(67_108_864, mem.getSwap().getLimit());
        assertEquals(9223372036854771712L, mem.getKernel().getLimit());
        assertFalse(mem.hasKernelTcp());
        assertEquals(8192, mem.getCache());
        assertEquals(1_040_384, mem.getTotalRss());
        assertEquals(300, mem.getPgPgIn(), "kernel's pgpgin");
        assertEquals(2, mem.getTotalPgMajFault());
        assertEquals(67_108_864, mem.getHierarchicalSwapLimit(), "kernel's hierarchical_memsw_limit");
        assertEquals(0, mem.getDirty(), "absent key");

        assertEquals(1, m.getMemoryOomControl().getUnderOom());
        assertEquals(3, m.getMemoryOomControl().getOomKill());
    }

    @Test
    void v2FiguresLandInTheirFieldsInMicroseconds() throws Exception {
        var m = dev.hearth.shim.proto.cgroups.v2.Metrics.parseFrom(MetricsConverter.toAny(v2()).getValue());

        assertEquals(5, m.getPids().getCurrent());
        assertEquals(UINT64_MAX, m.getPids().getLimit(), "v2 \"max\" is 2^64-1");
        assertEquals(250_000, m.getCpu().getUsageUsec());
        assertEquals(200_000, m.getCpu().getUserUsec(), "nanoseconds truncated to microseconds");
        assertEquals(50_000, m.getCpu().getSystemUsec());
        assertEquals(10, m.getCpu().getNrPeriods());
        assertEquals(2, m.getCpu().getNrThrottled());
        assertEquals(3_000, m.getCpu().getThrottledUsec());

        var mem = m.getMemory();
        assertEquals(3_145_728, mem.getUsage());
        assertEquals(UINT64_MAX, mem.getUsageLimit());
        assertEquals(4_194_304, mem.getMaxUsage());
        assertEquals(4096, mem.getSwapUsage());
        assertEquals(0, mem.getSwapLimit());
        assertEquals(8192, mem.getSwapMaxUsage());
        assertEquals(2_097_152, mem.getAnon());
        assertEquals(12, mem.getWorkingsetRefault(), "anon + file on kernels that split it");
        assertEquals(4, mem.getWorkingsetActivate());

        assertEquals(4, m.getMemoryEvents().getMax());
        assertEquals(1, m.getMemoryEvents().getOomKill());
    }

    @Test
    void absentControllersLeaveTheirMessagesUnset() throws Exception {
        var v1 = MetricsConverter.toV1(new CgroupStats(1, null, null, null));
        assertFalse(v1.hasMemory() || v1.hasCpu() || v1.hasPids() || v1.hasMemoryOomControl());
        var v2 = MetricsConverter.toV2(new CgroupStats(2, null,
                new CgroupStats.Cpu(1000, 0, 0, List.of(), 0, 0, 0), null));
        assertFalse(v2.hasMemory() || v2.hasPids() || v2.hasMemoryEvents());
        assertEquals(1, v2.getCpu().getUsageUsec());
        assertThrows(IllegalArgumentException.class, () -> MetricsConverter.toAny(new CgroupStats(3, null, null, null)));

        var memoryWithoutUsage = MetricsConverter.toV1(new CgroupStats(1,
                new CgroupStats.Memory(null, null, null, null, Map.of(), Map.of()), null, null));
        assertTrue(memoryWithoutUsage.getMemory().hasUsage(), "ctr dereferences Memory.Usage when Memory is set");
    }

    @Test
    void hugetlbFiguresArePerPageSize() throws Exception {
        Map<String, CgroupStats.Usage> hugetlb = Map.of(
                "2MB", new CgroupStats.Usage(4L << 20, 6L << 20, 5L << 20, 2),
                "1GB", new CgroupStats.Usage(0, CgroupStats.MAX, 0, 0));
        var v1 = MetricsConverter.toV1(new CgroupStats(1, null, null, null, hugetlb));
        assertEquals(List.of("1GB", "2MB"), v1.getHugetlbList().stream().map(h -> h.getPagesize()).toList());
        var twoMb = v1.getHugetlb(1);
        assertEquals(4L << 20, twoMb.getUsage());
        assertEquals(5L << 20, twoMb.getMax(), "v1's max is the peak usage");
        assertEquals(2, twoMb.getFailcnt());

        var v2 = MetricsConverter.toV2(new CgroupStats(2, null, null, null, hugetlb));
        assertEquals(List.of("1GB", "2MB"), v2.getHugetlbList().stream().map(h -> h.getPagesize()).toList());
        assertEquals(UINT64_MAX, v2.getHugetlb(0).getMax(), "no limit is 2^64-1");
        assertEquals(4L << 20, v2.getHugetlb(1).getCurrent());
        assertEquals(6L << 20, v2.getHugetlb(1).getMax(), "v2's max is the limit");
    }

    /** The wire contract of containerd/cgroups: full names and the field numbers containerd decodes. */
    @Test
    void wireNamesAndFieldNumbersArePinned() {
        Descriptor v1 = dev.hearth.shim.proto.cgroups.v1.Metrics.getDescriptor();
        assertFields(v1, Map.of("hugetlb", 1, "pids", 2, "cpu", 3, "memory", 4, "memory_oom_control", 9));
        assertFields(dev.hearth.shim.proto.cgroups.v1.HugetlbStat.getDescriptor(),
                Map.of("usage", 1, "max", 2, "failcnt", 3, "pagesize", 4));
        assertFields(dev.hearth.shim.proto.cgroups.v2.Metrics.getDescriptor(), Map.of("hugetlb", 7));
        assertFields(dev.hearth.shim.proto.cgroups.v2.HugeTlbStat.getDescriptor(),
                Map.of("current", 1, "max", 2, "pagesize", 3));
        assertFields(dev.hearth.shim.proto.cgroups.v1.MemoryStat.getDescriptor(),
                Map.of("cache", 1, "pg_pg_in", 7, "hierarchical_swap_limit", 17, "total_cache", 18,
                        "total_unevictable", 32, "usage", 33, "swap", 34, "kernel", 35, "kernel_tcp", 36));
        assertFields(dev.hearth.shim.proto.cgroups.v1.MemoryEntry.getDescriptor(),
                Map.of("limit", 1, "usage", 2, "max", 3, "failcnt", 4));
        assertFields(dev.hearth.shim.proto.cgroups.v1.CPUUsage.getDescriptor(),
                Map.of("total", 1, "kernel", 2, "user", 3, "per_cpu", 4));
        assertFields(dev.hearth.shim.proto.cgroups.v1.MemoryOomControl.getDescriptor(),
                Map.of("oom_kill_disable", 1, "under_oom", 2, "oom_kill", 3));

        Descriptor v2 = dev.hearth.shim.proto.cgroups.v2.Metrics.getDescriptor();
        assertFields(v2, Map.of("pids", 1, "cpu", 2, "memory", 4, "memory_events", 8));
        assertFields(dev.hearth.shim.proto.cgroups.v2.CPUStat.getDescriptor(),
                Map.of("usage_usec", 1, "user_usec", 2, "system_usec", 3, "nr_periods", 4, "nr_throttled", 5, "throttled_usec", 6));
        assertFields(dev.hearth.shim.proto.cgroups.v2.MemoryStat.getDescriptor(),
                Map.of("anon", 1, "thp_collapse_alloc", 31, "usage", 32, "usage_limit", 33, "swap_usage", 34,
                        "swap_limit", 35, "max_usage", 36, "swap_max_usage", 37));
        assertFields(dev.hearth.shim.proto.cgroups.v2.MemoryEvents.getDescriptor(),
                Map.of("low", 1, "high", 2, "max", 3, "oom", 4, "oom_kill", 5));
        assertEquals("io.containerd.cgroups.v2.MemoryStat", dev.hearth.shim.proto.cgroups.v2.MemoryStat.getDescriptor().getFullName());
    }

    private static void assertFields(Descriptor d, Map<String, Integer> numbers) {
        numbers.forEach((name, number) -> {
            var f = d.findFieldByName(name);
            assertNotNull(f, d.getFullName() + "." + name);
            assertEquals(number, f.getNumber(), d.getFullName() + "." + name);
        });
    }
}
