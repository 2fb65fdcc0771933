package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.hearth.cgroups.FakeCgroupFs.dir;
import static dev.hearth.cgroups.FakeCgroupFs.read;
import static org.junit.jupiter.api.Assertions.*;

/** The v2 file logic against a temp dir laid out like /sys/fs/cgroup. */
class V2CgroupManagerFileTest {
    static final String[] LEAF_FILES = {"cgroup.procs", "cgroup.controllers=cpu memory pids", "cgroup.subtree_control",
            "memory.max", "memory.low", "memory.swap.max", "cpu.weight", "cpu.max", "pids.max", "cgroup.kill"};

    @TempDir
    Path root;

    private static LinuxResources resources() {
        return new LinuxResources(
                new LinuxResources.Memory(64L << 20, 32L << 20, 96L << 20, null, null, null, null),
                new LinuxResources.Cpu(2048L, 50_000L, 100_000L, null, null, null, null),
                new LinuxResources.Pids(100), null);
    }

    @Test
    void enablesControllersInEveryAncestorAndWritesLimits() throws Exception {
        dir(root, "", "cgroup.controllers=cpuset cpu io memory pids", "cgroup.subtree_control");
        dir(root, "default", "cgroup.controllers=cpuset cpu io memory pids", "cgroup.subtree_control");
        Path leaf = dir(root, "default/fn1", LEAF_FILES);

        Cgroup cg = new V2CgroupManager(root).create("/default/fn1", resources());

        assertEquals("/default/fn1", cg.path());
        assertEquals("+memory +cpu +pids", read(root.resolve("cgroup.subtree_control")));
        assertEquals("+memory +cpu +pids", read(root.resolve("default/cgroup.subtree_control")));
        assertEquals(Long.toString(64L << 20), read(leaf.resolve("memory.max")));
        assertEquals(64L << 20, cg.memoryLimit());
        assertEquals(Long.toString(32L << 20), read(leaf.resolve("memory.low")));
        assertEquals(Long.toString(32L << 20), read(leaf.resolve("memory.swap.max")), "memory+swap minus memory");
        assertEquals(Long.toString(V2Resources.cpuWeight(2048)), read(leaf.resolve("cpu.weight")));
        assertEquals("50000 100000", read(leaf.resolve("cpu.max")));
        assertEquals("100", read(leaf.resolve("pids.max")));
    }

    @Test
    void leavesAlreadyEnabledControllersAlone() throws Exception {
        dir(root, "", "cgroup.controllers=cpu memory pids", "cgroup.subtree_control=memory pids cpu");
        Path leaf = dir(root, "fn1", LEAF_FILES);
        Cgroup cg = new V2CgroupManager(root).create("/fn1", new LinuxResources(
                new LinuxResources.Memory(-1L, null, null, null, null, null, null), null, null, null));
        assertEquals("memory pids cpu", read(root.resolve("cgroup.subtree_control")), "nothing rewritten");
        assertEquals("max", read(leaf.resolve("memory.max")));
        assertEquals(CgroupStats.MAX, cg.memoryLimit());
    }

    @Test
    void relativePathsGoUnderOwnCgroup() throws Exception {
        dir(root, "", "cgroup.controllers=memory", "cgroup.subtree_control");
        dir(root, "svc", "cgroup.controllers=memory", "cgroup.subtree_control");
        Path leaf = dir(root, "svc/fn1", LEAF_FILES);
        Cgroup cg = new V2CgroupManager(root, "/svc").create("fn1",
                new LinuxResources(new LinuxResources.Memory(1000L, null, null, null, null, null, null), null, null, null));
        assertEquals("1000", read(leaf.resolve("memory.max")));
        cg.addProcess(4242);
        assertEquals("4242", read(leaf.resolve("cgroup.procs")));
    }

    @Test
    void missingControllerIsNamedAndNothingIsLeftBehind() throws Exception {
        dir(root, "", "cgroup.controllers=cpu", "cgroup.subtree_control");
        CgroupException e = assertThrows(CgroupException.class, () -> new V2CgroupManager(root).create("/fn1",
                new LinuxResources(null, null, new LinuxResources.Pids(5), null)));
        assertTrue(e.getMessage().startsWith("cgroup /fn1: controller(s) pids not available"), e.getMessage());
        assertFalse(Files.exists(root.resolve("fn1")));
    }

    @Test
    void writeErrorsNameCgroupFileAndValue() throws Exception {
        dir(root, "", "cgroup.controllers=memory", "cgroup.subtree_control");
        dir(root, "fn1"); // no memory.max: the controller is not there
        CgroupException e = assertThrows(CgroupException.class, () -> new V2CgroupManager(root).create("/fn1",
                new LinuxResources(new LinuxResources.Memory(1000L, null, null, null, null, null, null), null, null, null)));
        assertTrue(e.getMessage().startsWith("cgroup /fn1: write memory.max=1000: no such file"), e.getMessage());
    }

    @Test
    void pidsKillAndDeleteUseTheFiles() throws Exception {
        dir(root, "", "cgroup.controllers=", "cgroup.subtree_control");
        Path leaf = dir(root, "fn1", "cgroup.procs=12\n13\n", "cgroup.kill=0");
        Cgroup cg = new V2CgroupManager(root).create("/fn1", null);
        assertEquals(java.util.List.of(12L, 13L), cg.pids());
        cg.killAll(dev.hearth.sys.Signals.SIGKILL);
        assertEquals("1", read(leaf.resolve("cgroup.kill")), "SIGKILL goes through cgroup.kill");
        Files.delete(leaf.resolve("cgroup.procs"));
        Files.delete(leaf.resolve("cgroup.kill"));
        cg.delete();
        assertFalse(Files.exists(leaf));
        cg.delete(); // idempotent
        assertEquals(java.util.List.of(), cg.pids());
    }

    @Test
    void otherSignalsFreezeSignalEveryPidAndThaw() throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        try {
            dir(root, "", "cgroup.controllers=", "cgroup.subtree_control");
            // a kernel without cgroup.kill; the fake reports frozen at once
            Path leaf = dir(root, "fn1", "cgroup.procs=" + p.pid() + "\n", "cgroup.freeze=0", "cgroup.events=populated 1\nfrozen 1\n");
            new V2CgroupManager(root).create("/fn1", null).killAll(dev.hearth.sys.Signals.SIGTERM);
            assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(128 + dev.hearth.sys.Signals.SIGTERM, p.exitValue());
            assertEquals("0", read(leaf.resolve("cgroup.freeze")), "thawed after signalling");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void freezeTimesOutWithAClearErrorAndThaws() throws Exception {
        dir(root, "", "cgroup.controllers=", "cgroup.subtree_control");
        Path leaf = dir(root, "fn1", "cgroup.freeze=0", "cgroup.events=populated 1\nfrozen 0\n");
        Cgroup cg = new V2CgroupManager(root).open("/fn1");
        CgroupException e = assertThrows(CgroupException.class, cg::freeze);
        assertTrue(e.getMessage().startsWith("cgroup /fn1: cgroup.events did not report frozen"), e.getMessage());
        assertEquals("0", read(leaf.resolve("cgroup.freeze")));
    }

    @Test
    void anInterruptedFreezeThawsAgain() throws Exception {
        dir(root, "", "cgroup.controllers=", "cgroup.subtree_control");
        Path leaf = dir(root, "fn1", "cgroup.freeze=0", "cgroup.events=populated 1\nfrozen 0\n");
        Cgroup cg = new V2CgroupManager(root).open("/fn1");
        Thread.currentThread().interrupt(); // e.g. a pool closing while its refiller removes a slot
        try {
            CgroupException e = assertThrows(CgroupException.class, cg::freeze);
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
            assertEquals("0", read(leaf.resolve("cgroup.freeze")), "not left freezing");
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void killAllSignalsEvenWhenTheCgroupWillNotFreeze() throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        try {
            dir(root, "", "cgroup.controllers=", "cgroup.subtree_control");
            Path leaf = dir(root, "fn1", "cgroup.procs=" + p.pid() + "\n", "cgroup.freeze=0", "cgroup.events=frozen 0\n");
            new V2CgroupManager(root).open("/fn1").killAll(dev.hearth.sys.Signals.SIGTERM);
            assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("0", read(leaf.resolve("cgroup.freeze")), "left thawed");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void updateEnablesControllersTheCreateDidNotNeedAndWritesTheNewLimits() throws Exception {
        dir(root, "", "cgroup.controllers=cpu memory pids", "cgroup.subtree_control");
        dir(root, "default", "cgroup.controllers=cpu memory pids", "cgroup.subtree_control");
        Path leaf = dir(root, "default/fn1", LEAF_FILES);
        Cgroup cg = new V2CgroupManager(root).create("/default/fn1", null);
        assertEquals("", read(root.resolve("cgroup.subtree_control")), "create needed no controller");

        cg.update(new LinuxResources(new LinuxResources.Memory(128L << 20, null, null, null, null, null, null),
                null, new LinuxResources.Pids(20), null));

        assertEquals("+memory +pids", read(root.resolve("cgroup.subtree_control")));
        assertEquals("+memory +pids", read(root.resolve("default/cgroup.subtree_control")));
        assertEquals(Long.toString(128L << 20), read(leaf.resolve("memory.max")));
        assertEquals("20", read(leaf.resolve("pids.max")));
        assertEquals("", read(leaf.resolve("cpu.max")), "absent values left alone");
    }

    @Test
    void hugepageLimitsEnableHugetlbAboveAndWriteMax() throws Exception {
        dir(root, "", "cgroup.controllers=memory hugetlb", "cgroup.subtree_control");
        dir(root, "default", "cgroup.controllers=memory hugetlb", "cgroup.subtree_control");
        Path leaf = dir(root, "default/fn1", "cgroup.procs", "hugetlb.2MB.max=max", "hugetlb.2MB.rsvd.max=max",
                "hugetlb.1GB.max=max", "hugetlb.1GB.rsvd.max=max");
        Cgroup cg = new V2CgroupManager(root).create("/default/fn1", new LinuxResources(null, null, null,
                java.util.List.of(new LinuxResources.HugepageLimit("2MB", 8L << 20))));
        assertEquals("+hugetlb", read(root.resolve("cgroup.subtree_control")));
        assertEquals("+hugetlb", read(root.resolve("default/cgroup.subtree_control")));
        assertEquals(Long.toString(8L << 20), read(leaf.resolve("hugetlb.2MB.max")));
        assertEquals(Long.toString(8L << 20), read(leaf.resolve("hugetlb.2MB.rsvd.max")));
        assertEquals("max", read(leaf.resolve("hugetlb.1GB.max")), "a size not named is left alone");

        cg.update(new LinuxResources(null, null, null, java.util.List.of(new LinuxResources.HugepageLimit("1GB", 1L << 30))));
        assertEquals(Long.toString(1L << 30), read(leaf.resolve("hugetlb.1GB.max")));
    }

    @Test
    void hugepageLimitsAreSkippedWhereTheKernelHasNoHugetlb() throws Exception {
        dir(root, "", "cgroup.controllers=memory pids", "cgroup.subtree_control");
        Path leaf = dir(root, "fn1", LEAF_FILES);
        new V2CgroupManager(root).create("/fn1", new LinuxResources(null, null, new LinuxResources.Pids(7),
                java.util.List.of(new LinuxResources.HugepageLimit("2MB", 2L << 20))));
        assertEquals("+pids", read(root.resolve("cgroup.subtree_control")), "hugetlb not asked for");
        assertEquals("7", read(leaf.resolve("pids.max")), "the other limits still apply");
        assertFalse(Files.exists(leaf.resolve("hugetlb.2MB.max")));
    }

    @Test
    void aBadPageSizeFailsBeforeAnythingIsMade() throws Exception {
        dir(root, "", "cgroup.controllers=hugetlb", "cgroup.subtree_control");
        CgroupException e = assertThrows(CgroupException.class, () -> new V2CgroupManager(root).create("/fn1",
                new LinuxResources(null, null, null, java.util.List.of(new LinuxResources.HugepageLimit("2M", 1)))));
        assertEquals("cgroup /fn1: hugepageLimits pageSize \"2M\" is not a size such as 64KB, 2MB or 1GB", e.getMessage());
        assertFalse(Files.exists(root.resolve("fn1")));
        assertEquals("", read(root.resolve("cgroup.subtree_control")));
    }

    @Test
    void theRootCannotBeAContainer() {
        assertThrows(CgroupException.class, () -> new V2CgroupManager(root).create("/", null));
        assertThrows(CgroupException.class, () -> new V2CgroupManager(root).open("/a/.."));
    }
}
