package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.hearth.cgroups.FakeCgroupFs.dir;
import static dev.hearth.cgroups.FakeCgroupFs.read;
import static org.junit.jupiter.api.Assertions.*;

/** The v1 file logic against a temp dir laid out like a hybrid /sys/fs/cgroup with co-mounted cpu,cpuacct. */
class V1CgroupManagerFileTest {
    @TempDir
    Path root;

    @BeforeEach
    void layout() throws Exception {
        dir(root, "memory", "cgroup.procs");
        dir(root, "cpu,cpuacct", "cgroup.procs");
        Files.createSymbolicLink(root.resolve("cpu"), Path.of("cpu,cpuacct"));
        Files.createSymbolicLink(root.resolve("cpuacct"), Path.of("cpu,cpuacct"));
        dir(root, "cpuset", "cgroup.procs", "cpuset.cpus=0-1", "cpuset.mems=0");
        dir(root, "pids", "cgroup.procs");
        dir(root, "unified", "cgroup.controllers");
    }

    /** A fake cpuset hierarchy needs its files made in advance (the kernel would); these tests skip it. */
    private V1CgroupManager withoutCpuset() throws CgroupException {
        return new V1CgroupManager(V1Hierarchy.scan(root).stream().filter(h -> !h.has("cpuset")).toList(),
                new ProcessCgroups(Map.of(), "/"), HybridHugetlb.scan(root));
    }

    private static LinuxResources resources() {
        return new LinuxResources(
                new LinuxResources.Memory(64L << 20, 16L << 20, 128L << 20, null, null, 10L, null),
                new LinuxResources.Cpu(512L, 20_000L, 100_000L, null, null, null, null),
                new LinuxResources.Pids(0), null);
    }

    @Test
    void createsTheCgroupInEveryHierarchyAndWritesLimits() throws Exception {
        // what the kernel would have created on mkdir
        Path mem = dir(root, "memory/default/fn1", "cgroup.procs", "memory.limit_in_bytes",
                "memory.memsw.limit_in_bytes=9223372036854771712",
                "memory.soft_limit_in_bytes", "memory.swappiness");
        Path cpu = dir(root, "cpu,cpuacct/default/fn1", "cgroup.procs", "cpu.shares", "cpu.cfs_quota_us", "cpu.cfs_period_us");
        dir(root, "cpuset/default", "cgroup.procs", "cpuset.cpus", "cpuset.mems");
        Path cpuset = dir(root, "cpuset/default/fn1", "cgroup.procs", "cpuset.cpus", "cpuset.mems");
        Path pids = dir(root, "pids/default/fn1", "cgroup.procs", "pids.max");

        Cgroup cg = new V1CgroupManager(root).create("/default/fn1", resources());

        assertEquals(Long.toString(64L << 20), read(mem.resolve("memory.limit_in_bytes")));
        assertEquals(64L << 20, cg.memoryLimit());
        assertEquals(Long.toString(128L << 20), read(mem.resolve("memory.memsw.limit_in_bytes")), "v1 swap is memory+swap as given");
        assertEquals(Long.toString(16L << 20), read(mem.resolve("memory.soft_limit_in_bytes")));
        assertEquals("10", read(mem.resolve("memory.swappiness")));
        assertEquals("512", read(cpu.resolve("cpu.shares")));
        assertEquals("20000", read(cpu.resolve("cpu.cfs_quota_us")));
        assertEquals("100000", read(cpu.resolve("cpu.cfs_period_us")));
        assertEquals("max", read(pids.resolve("pids.max")), "a pids limit <= 0 is unlimited");
        assertEquals("0-1", read(root.resolve("cpuset/default/cpuset.cpus")), "every new level inherits the cpuset");
        assertEquals("0-1", read(cpuset.resolve("cpuset.cpus")));
        assertEquals("0", read(cpuset.resolve("cpuset.mems")));

        cg.addProcess(77);
        for (Path d : List.of(mem, cpu, cpuset, pids)) assertEquals("77", read(d.resolve("cgroup.procs")), d.toString());
        assertEquals(List.of(77L), cg.pids());
    }

    @Test
    void swapIsSkippedWithoutSwapAccounting() throws Exception {
        Path mem = dir(root, "memory/fn1", "memory.limit_in_bytes");
        withoutCpuset().create("/fn1", new LinuxResources(
                new LinuxResources.Memory(1000L, null, 2000L, null, null, null, null), null, null, null));
        assertEquals("1000", read(mem.resolve("memory.limit_in_bytes")));
        assertFalse(Files.exists(mem.resolve("memory.memsw.limit_in_bytes")), "no memsw file created");
    }

    @Test
    void aLimitForAnUnmountedControllerFailsBeforeAnythingIsCreated() throws Exception {
        V1CgroupManager m = new V1CgroupManager(List.of(new V1Hierarchy(java.util.Set.of("cpu"), root.resolve("cpu,cpuacct"), "/")),
                new ProcessCgroups(Map.of(), "/"));
        CgroupException e = assertThrows(CgroupException.class, () -> m.create("/fn1", resources()));
        assertEquals("cgroup /fn1: linux.resources needs the memory controller, which is not mounted", e.getMessage());
        assertFalse(Files.exists(root.resolve("cpu,cpuacct/fn1")));
    }

    @Test
    void failedWriteNamesCgroupAndFileAndRollsBack() throws Exception {
        // memory.limit_in_bytes missing: as if the kernel refused the file
        CgroupException e = assertThrows(CgroupException.class, () -> withoutCpuset().create("/default/fn2",
                new LinuxResources(new LinuxResources.Memory(1000L, null, null, null, null, null, null), null, null, null)));
        assertTrue(e.getMessage().startsWith("cgroup /default/fn2: write memory.limit_in_bytes=1000: no such file"), e.getMessage());
        for (String h : List.of("memory", "cpu,cpuacct", "pids")) {
            assertFalse(Files.exists(root.resolve(h).resolve("default")), "rolled back in " + h);
        }
    }

    @Test
    void relativePathsGoUnderTheCallersCgroupOfEachHierarchy() throws Exception {
        V1CgroupManager m = new V1CgroupManager(V1Hierarchy.scan(root),
                new ProcessCgroups(Map.of("memory", "/sandbox", "cpu", "/", "cpuacct", "/"), "/"));
        V1Cgroup cg = (V1Cgroup) m.open("fn1");
        assertTrue(cg.dirs().containsValue(root.toRealPath().resolve("memory/sandbox/fn1")), cg.dirs().toString());
        assertTrue(cg.dirs().containsValue(root.toRealPath().resolve("pids/fn1")), cg.dirs().toString());
        assertThrows(CgroupException.class, () -> m.open("../escape"));
    }

    @Test
    void swapZeroIsUnsetAndAnUnlimitedMemoryLimitLiftsMemswToo() throws Exception {
        Path mem = dir(root, "memory/fn1", "cgroup.procs", "memory.limit_in_bytes=67108864",
                "memory.memsw.limit_in_bytes=67108864");
        V1CgroupManager manager = withoutCpuset();
        Cgroup cg = manager.create("/fn1", new LinuxResources(
                new LinuxResources.Memory(32L << 20, null, 0L, null, null, null, null), null, null, null));
        assertEquals(Long.toString(32L << 20), read(mem.resolve("memory.limit_in_bytes")));
        assertEquals("67108864", read(mem.resolve("memory.memsw.limit_in_bytes")), "swap 0 leaves memsw alone");

        cg.update(new LinuxResources(new LinuxResources.Memory(-1L, null, null, null, null, null, null), null, null, null));
        assertEquals("-1", read(mem.resolve("memory.limit_in_bytes")));
        assertEquals("-1", read(mem.resolve("memory.memsw.limit_in_bytes")));
    }

    @Test
    void swapBelowTheLimitIsRefusedBeforeWriting() throws Exception {
        Path mem = dir(root, "memory/fn1", "cgroup.procs", "memory.limit_in_bytes=67108864",
                "memory.memsw.limit_in_bytes=67108864");
        CgroupException e = assertThrows(CgroupException.class, () -> withoutCpuset().open("/fn1").update(new LinuxResources(
                new LinuxResources.Memory(32L << 20, null, 16L << 20, null, null, null, null), null, null, null)));
        assertEquals("cgroup /fn1: memory.swap 16777216 is below memory.limit 33554432 (swap is memory+swap, so it must be >= the limit)",
                e.getMessage());
        assertEquals("67108864", read(mem.resolve("memory.limit_in_bytes")));
    }

    private static LinuxResources hugepages(String size, long limit) {
        return new LinuxResources(null, null, null, List.of(new LinuxResources.HugepageLimit(size, limit)));
    }

    /** A hybrid host whose cgroup2 mount carries hugetlb, as this machine's /sys/fs/cgroup/unified does. */
    private void unifiedWithHugetlb() throws Exception {
        Files.writeString(root.resolve("unified/cgroup.controllers"), "hugetlb");
        dir(root, "unified", "cgroup.subtree_control", "cgroup.procs");
        dir(root, "unified/default", "cgroup.controllers=hugetlb", "cgroup.subtree_control", "cgroup.procs");
    }

    @Test
    void onAHybridHostHugepageLimitsGoToTheCgroup2MountWhichTheProcessesJoinToo() throws Exception {
        unifiedWithHugetlb();
        Path hugetlb = dir(root, "unified/default/fn1", "cgroup.procs", "hugetlb.2MB.max=max", "hugetlb.1GB.max=max");
        Path mem = dir(root, "memory/default/fn1", "cgroup.procs");
        Path cpu = dir(root, "cpu,cpuacct/default/fn1", "cgroup.procs");
        Path pids = dir(root, "pids/default/fn1", "cgroup.procs");

        V1Cgroup cg = (V1Cgroup) withoutCpuset().create("/default/fn1", hugepages("2MB", 4L << 20));

        assertEquals("+hugetlb", read(root.resolve("unified/cgroup.subtree_control")), "enabled in every ancestor");
        assertEquals("+hugetlb", read(root.resolve("unified/default/cgroup.subtree_control")));
        assertEquals(Long.toString(4L << 20), read(hugetlb.resolve("hugetlb.2MB.max")));
        assertEquals(hugetlb, cg.unifiedDir());
        cg.addProcess(77);
        assertEquals("77", read(hugetlb.resolve("cgroup.procs")));
        assertEquals("77", read(mem.resolve("cgroup.procs")));

        assertEquals("77", read(pids.resolve("cgroup.procs")));
        assertEquals(List.of(77L), cg.pids());
        Files.writeString(hugetlb.resolve("hugetlb.2MB.current"), "2097152\n");
        assertEquals(new CgroupStats.Usage(2097152, 4L << 20, 0, 0), cg.stats().hugetlb().get("2MB"),
                "stats read the cgroup2 directory's hugetlb files");

        for (Path d : List.of(hugetlb, mem, cpu, pids)) try (var files = Files.list(d)) {
            for (Path f : files.toList()) Files.delete(f); // a real cgroup's rmdir ignores its interface files
        }
        cg.delete();
        assertFalse(Files.exists(hugetlb), "the cgroup2 directory is removed with the rest");
        for (Path d : List.of(mem, cpu, pids)) assertFalse(Files.exists(d), d.toString());
    }

    @Test
    void withoutHugepageLimitsNoCgroup2DirectoryIsMade() throws Exception {
        unifiedWithHugetlb();
        Path pids = dir(root, "pids/default/fn1", "cgroup.procs", "pids.max");
        V1Cgroup cg = (V1Cgroup) withoutCpuset().create("/default/fn1", new LinuxResources(null, null, new LinuxResources.Pids(9), List.of()));
        assertEquals("9", read(pids.resolve("pids.max")));
        assertNull(cg.unifiedDir());
        assertFalse(Files.exists(root.resolve("unified/default/fn1")));
        assertEquals("", read(root.resolve("unified/cgroup.subtree_control")), "nothing enabled either");
    }

    @Test
    void openFindsTheCgroup2DirectoryLeftBehindSoDeleteRemovesIt() throws Exception {
        unifiedWithHugetlb();
        Path leftover = dir(root, "unified/default/fn1");
        V1Cgroup cg = (V1Cgroup) withoutCpuset().open("/default/fn1");
        assertEquals(leftover, cg.unifiedDir());
        cg.delete();
        assertFalse(Files.exists(leftover));
        assertNull(((V1Cgroup) withoutCpuset().open("/default/fn2")).unifiedDir(), "none there: none joined");
    }

    @Test
    void updateAddingTheFirstHugepageLimitMakesTheCgroup2DirectoryAndMovesTheProcessesIn() throws Exception {
        unifiedWithHugetlb();
        Path mem = dir(root, "memory/default/fn1", "cgroup.procs=4242\n");
        V1Cgroup cg = (V1Cgroup) withoutCpuset().create("/default/fn1", null);
        assertNull(cg.unifiedDir());

        // the kernel would make the interface files on mkdir; the fake makes them beforehand
        Path hugetlb = dir(root, "unified/default/fn1", "cgroup.procs", "hugetlb.2MB.max=max");
        cg.update(hugepages("2MB", 2L << 20));

        assertEquals(hugetlb, cg.unifiedDir());
        assertEquals(Long.toString(2L << 20), read(hugetlb.resolve("hugetlb.2MB.max")));
        assertEquals("4242", read(hugetlb.resolve("cgroup.procs")), "the running process joined");
        assertEquals(List.of(4242L), cg.pids());
        assertEquals("4242", read(mem.resolve("cgroup.procs")));
    }

    @Test
    void aPageSizeTheKernelLacksFailsTheCreateAndRemovesWhatItMade() throws Exception {
        unifiedWithHugetlb();
        // unified/default/fn1 does not exist: create makes it, finds no hugetlb.4MB.max, removes it
        CgroupException e = assertThrows(CgroupException.class,
                () -> withoutCpuset().create("/default/fn1", hugepages("4MB", 4L << 20)));
        assertTrue(e.getMessage().startsWith("cgroup /default/fn1: hugepageLimits pageSize 4MB: this kernel has no 4MB huge pages"),
                e.getMessage());
        assertFalse(Files.exists(root.resolve("unified/default/fn1")));
        assertFalse(Files.exists(root.resolve("memory/default/fn1")));
        assertTrue(Files.exists(root.resolve("unified/default")), "an ancestor that existed stays");
    }

    @Test
    void aV1HugetlbHierarchyGetsLimitInBytes() throws Exception {
        dir(root, "hugetlb", "cgroup.procs");
        unifiedWithHugetlb(); // ignored: the v1 hierarchy has the controller
        Path h = dir(root, "hugetlb/fn1", "cgroup.procs", "hugetlb.2MB.limit_in_bytes", "hugetlb.2MB.rsvd.limit_in_bytes");
        V1Cgroup cg = (V1Cgroup) withoutCpuset().create("/fn1", hugepages("2MB", 2L << 20));
        assertEquals(Long.toString(2L << 20), read(h.resolve("hugetlb.2MB.limit_in_bytes")));
        assertEquals(Long.toString(2L << 20), read(h.resolve("hugetlb.2MB.rsvd.limit_in_bytes")));
        assertNull(cg.unifiedDir());
        Files.writeString(h.resolve("hugetlb.2MB.usage_in_bytes"), "0\n");
        Files.writeString(h.resolve("hugetlb.2MB.max_usage_in_bytes"), "2097152\n");
        Files.writeString(h.resolve("hugetlb.2MB.failcnt"), "1\n");
        assertEquals(java.util.Map.of("2MB", new CgroupStats.Usage(0, 2L << 20, 2L << 20, 1)), cg.stats().hugetlb());
        assertFalse(Files.exists(root.resolve("unified/fn1")));
    }

    @Test
    void hugepageLimitsAreSkippedWhereNoHugetlbExists() throws Exception {
        // the layout's cgroup2 mount has no controllers, and no v1 hierarchy is hugetlb
        Path mem = dir(root, "memory/fn1", "cgroup.procs", "memory.limit_in_bytes");
        V1Cgroup cg = (V1Cgroup) withoutCpuset().create("/fn1", new LinuxResources(
                new LinuxResources.Memory(1000L, null, null, null, null, null, null), null, null,
                List.of(new LinuxResources.HugepageLimit("2MB", 2L << 20))));
        assertEquals("1000", read(mem.resolve("memory.limit_in_bytes")));
        assertNull(cg.unifiedDir());
        assertFalse(Files.exists(root.resolve("unified/fn1")));
    }
}
