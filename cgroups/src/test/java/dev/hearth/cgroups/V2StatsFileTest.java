package dev.hearth.cgroups;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.hearth.cgroups.FakeCgroupFs.dir;
import static org.junit.jupiter.api.Assertions.*;

/** V2Stats against a temp dir holding the v2 files in the kernel's formats. */
class V2StatsFileTest {
    @TempDir
    Path root;

    @Test
    void readsMemoryCpuAndPids() throws Exception {
        Path d = dir(root, "fn1", "memory.current=3145728\n", "memory.max=max\n", "memory.peak=4194304\n",
                "memory.swap.current=0\n", "memory.swap.max=0\n",
                "memory.stat=anon 2097152\nfile 1048576\nkernel_stack 32768\nworkingset_refault_anon 0\n",
                "memory.events=low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\noom_group_kill 0\n",
                "cpu.stat=usage_usec 250000\nuser_usec 200000\nsystem_usec 50000\nnr_periods 10\nnr_throttled 2\nthrottled_usec 3000\n",
                "pids.current=5\n", "pids.max=100\n");

        CgroupStats s = V2Stats.read("/fn1", d);

        assertEquals(2, s.version());
        assertEquals(new CgroupStats.Usage(3145728, CgroupStats.MAX, 4194304, 0), s.memory().memory());
        assertEquals(new CgroupStats.Usage(0, 0, 0, 0), s.memory().swap(), "v2 swap alone; no memory.swap.peak reads 0");
        assertNull(s.memory().kernel());
        assertEquals(2097152, s.memory().stat("anon"));
        assertEquals(1, s.memory().event("oom_kill"));
        assertEquals(4, s.memory().event("max"));
        assertEquals(new CgroupStats.Cpu(250_000_000L, 200_000_000L, 50_000_000L, List.of(), 10, 2, 3_000_000L), s.cpu(),
                "microseconds become nanoseconds");
        assertEquals(new CgroupStats.Pids(5, 100), s.pids());
    }

    @Test
    void withoutControllersOnlyTheCoreCpuFigures() throws Exception {
        Path d = dir(root, "fn1", "cpu.stat=usage_usec 7\nuser_usec 5\nsystem_usec 2\n");
        CgroupStats s = V2Stats.read("/fn1", d);
        assertNull(s.memory(), "memory controller not enabled");
        assertNull(s.pids());
        assertEquals(new CgroupStats.Cpu(7000, 5000, 2000, List.of(), 0, 0, 0), s.cpu());
    }

    @Test
    void readsHugetlbPerPageSize() throws Exception {
        Path d = dir(root, "fn1", "hugetlb.2MB.current=4194304\n", "hugetlb.2MB.max=6291456\n",
                "hugetlb.2MB.events=max 3\n", "hugetlb.2MB.rsvd.current=0\n", "hugetlb.2MB.rsvd.max=max\n",
                "hugetlb.1GB.current=0\n", "hugetlb.1GB.max=max\n", "hugetlb.1GB.events=max 0\n");
        CgroupStats s = V2Stats.read("/fn1", d);
        assertEquals(java.util.Map.of("2MB", new CgroupStats.Usage(4194304, 6291456, 0, 3),
                "1GB", new CgroupStats.Usage(0, CgroupStats.MAX, 0, 0)), s.hugetlb(), "rsvd files are not a page size");
        assertEquals(java.util.Map.of(), V2Stats.read("/fn1", dir(root, "fn2", "cpu.stat=usage_usec 1\n")).hugetlb());
    }
}
