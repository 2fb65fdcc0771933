package dev.hearth.cgroups;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.hearth.cgroups.FakeCgroupFs.dir;
import static org.junit.jupiter.api.Assertions.*;

/** V1Stats against temp dirs holding the v1 files in the kernel's formats. */
class V1StatsFileTest {
    @TempDir
    Path root;

    @Test
    void readsEveryControllersFiles() throws Exception {
        Path mem = dir(root, "memory/fn1",
                "memory.usage_in_bytes=1048576\n", "memory.limit_in_bytes=33554432\n",
                "memory.max_usage_in_bytes=2097152\n", "memory.failcnt=7\n",
                "memory.memsw.usage_in_bytes=1052672\n", "memory.memsw.limit_in_bytes=67108864\n",
                "memory.memsw.max_usage_in_bytes=2101248\n", "memory.memsw.failcnt=1\n",
                "memory.kmem.usage_in_bytes=4096\n", "memory.kmem.limit_in_bytes=9223372036854771712\n",
                "memory.stat=cache 8192\nrss 1040384\ntotal_cache 8192\ntotal_rss 1040384\nhierarchical_memory_limit 33554432\n",
                "memory.oom_control=oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        Path cpuacct = dir(root, "cpuacct/fn1", "cpuacct.usage=5000000000\n", "cpuacct.usage_user=3000000000\n",
                "cpuacct.usage_sys=1900000000\n", "cpuacct.usage_percpu=2000000000 3000000000 \n",
                "cpuacct.stat=user 300\nsystem 190\n");
        Path cpu = dir(root, "cpu/fn1", "cpu.stat=nr_periods 50\nnr_throttled 9\nthrottled_time 123456789\nnr_bursts 0\nburst_time 0\n");
        Path pids = dir(root, "pids/fn1", "pids.current=3\n", "pids.max=max\n");

        CgroupStats s = V1Stats.read("/fn1", mem, cpuacct, cpu, pids);

        assertEquals(1, s.version());
        assertEquals(new CgroupStats.Usage(1048576, 33554432, 2097152, 7), s.memory().memory());
        assertEquals(new CgroupStats.Usage(1052672, 67108864, 2101248, 1), s.memory().swap());
        assertEquals(new CgroupStats.Usage(4096, 9223372036854771712L, 0, 0), s.memory().kernel(), "absent files read 0");
        assertNull(s.memory().kernelTcp(), "no memory.kmem.tcp files");
        assertEquals(1040384, s.memory().stat("total_rss"));
        assertEquals(0, s.memory().stat("swap"), "a key this kernel lacks reads 0");
        assertEquals(2, s.memory().event("oom_kill"));
        assertEquals(new CgroupStats.Cpu(5_000_000_000L, 3_000_000_000L, 1_900_000_000L,
                List.of(2_000_000_000L, 3_000_000_000L), 50, 9, 123456789), s.cpu());
        assertEquals(new CgroupStats.Pids(3, CgroupStats.MAX), s.pids());
    }

    @Test
    void ticksOfCpuacctStatWhenTheKernelHasNoUsageUserFiles() throws Exception {
        Path cpuacct = dir(root, "cpuacct/fn1", "cpuacct.usage=5000000000\n", "cpuacct.stat=user 300\nsystem 190\n");
        CgroupStats.Cpu c = V1Stats.cpu("/fn1", cpuacct, null);
        assertEquals(300 * 10_000_000L, c.userNanos(), "USER_HZ 100: one tick is 10 ms");
        assertEquals(190 * 10_000_000L, c.systemNanos());
        assertEquals(0, c.periods(), "no cpu controller, no throttling figures");
    }

    @Test
    void missingControllersGiveNullSections() throws Exception {
        CgroupStats s = V1Stats.read("/fn1", null, null, null, null);
        assertNull(s.memory());
        assertNull(s.cpu());
        assertNull(s.pids());
    }

    @Test
    void aCorruptFileIsAnErrorNamingIt() throws Exception {
        Path pids = dir(root, "pids/fn1", "pids.current=three\n");
        CgroupException e = assertThrows(CgroupException.class, () -> V1Stats.read("/fn1", null, null, null, pids));
        assertEquals("cgroup /fn1: pids.current: not a number: three", e.getMessage());
    }
}
