package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources;
import dev.hearth.oci.runtime.LinuxResources.HugepageLimit;
import dev.hearth.sys.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * hugetlb on this hybrid host (root only): v1 hierarchies without hugetlb, and hugetlb in the
 * cgroup2 mount at /sys/fs/cgroup/unified. Each test kills its processes and removes its
 * cgroups, in every hierarchy and in the cgroup2 mount, also when it fails.
 */
class HybridHugetlbHostTest {
    static final Path UNIFIED = Path.of("/sys/fs/cgroup/unified");
    static final long MIB = 1 << 20;

    private final List<Process> processes = new ArrayList<>();
    private V1CgroupManager manager;
    private String parent;
    private String path;

    @BeforeEach
    void requireHybridHugetlb() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(!Files.exists(CgroupManager.DEFAULT_ROOT.resolve("cgroup.controllers")), "host is cgroup v2");
        assumeTrue(Files.exists(UNIFIED.resolve("cgroup.controllers"))
                && V2CgroupManager.words(Files.readString(UNIFIED.resolve("cgroup.controllers"))).contains("hugetlb"),
                "no hugetlb in " + UNIFIED);
        manager = V1CgroupManager.fromMountTable();
        assumeTrue(manager.hierarchies().stream().noneMatch(h -> h.has("hugetlb")), "a v1 hierarchy has hugetlb");
        parent = "/hearth-hugetlb-test-" + UUID.randomUUID();
        path = parent + "/fn";
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        if (manager == null) return;
        manager.open(path).delete();
        List<Path> parents = new ArrayList<>(((V1Cgroup) manager.open(parent)).dirs().values());
        parents.add(UNIFIED.resolve(parent.substring(1)));
        for (Path d : parents) CgroupDirs.rmdir(parent, d);
        for (Path d : parents) assertFalse(Files.exists(d), d + " left behind");
    }

    private Process sleeper(Cgroup cg) throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        processes.add(p);
        cg.addProcess(p.pid());
        return p;
    }

    private static String unifiedCgroupOf(Process p) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/cgroup"))) {
            if (line.startsWith("0::")) return line.substring(3);
        }
        throw new AssertionError("no cgroup2 line for " + p.pid());
    }

    private static LinuxResources hugepages(HugepageLimit... limits) {
        return new LinuxResources(null, null, null, List.of(limits));
    }

    @Test
    void aCgroupWithAHugepageLimitLivesInTheCgroup2MountTooAndIsRemovedFromBoth() throws Exception {
        V1Cgroup cg = (V1Cgroup) manager.create(path, hugepages(new HugepageLimit("2MB", 3 * 2 * MIB)));
        Path hugetlb = UNIFIED.resolve(path.substring(1));
        assertEquals(hugetlb, cg.unifiedDir());
        assertEquals(Long.toString(3 * 2 * MIB), Files.readString(hugetlb.resolve("hugetlb.2MB.max")).strip());
        assertTrue(Files.readString(UNIFIED.resolve(parent.substring(1)).resolve("cgroup.subtree_control")).contains("hugetlb"));

        Process p = sleeper(cg);
        assertEquals(path, unifiedCgroupOf(p));
        assertEquals(List.of(p.pid()), cg.pids());
        assertEquals(Long.toString(p.pid()), Files.readString(cg.dir("memory").resolve("cgroup.procs")).strip());
        assertEquals(new CgroupStats.Usage(0, 3 * 2 * MIB, 0, 0), cg.stats().hugetlb().get("2MB"));

        cg.killAll(Signals.SIGKILL);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        cg.delete();
        assertFalse(Files.exists(hugetlb), "no cgroup left in the cgroup2 mount");
        for (Path d : cg.dirs().values()) assertFalse(Files.exists(d), d + " left behind");
    }

    @Test
    void withoutHugepageLimitsNothingIsMadeInTheCgroup2Mount() throws Exception {
        V1Cgroup cg = (V1Cgroup) manager.create(path, new LinuxResources(null, null, new LinuxResources.Pids(50), null));
        assertNull(cg.unifiedDir());
        assertFalse(Files.exists(UNIFIED.resolve(parent.substring(1))));
        Process p = sleeper(cg);
        assertEquals("/", unifiedCgroupOf(p), "the process stays where it was in the cgroup2 mount");
    }

    @Test
    void updateAddsTheFirstHugepageLimitToARunningCgroup() throws Exception {
        V1Cgroup cg = (V1Cgroup) manager.create(path, null);
        Process p = sleeper(cg);

        cg.update(hugepages(new HugepageLimit("2MB", 4 * MIB), new HugepageLimit("1GB", 0)));

        Path hugetlb = UNIFIED.resolve(path.substring(1));
        assertEquals(path, unifiedCgroupOf(p), "the running process was moved in");
        assertEquals(Long.toString(4 * MIB), Files.readString(hugetlb.resolve("hugetlb.2MB.max")).strip());
        assertEquals("0", Files.readString(hugetlb.resolve("hugetlb.1GB.max")).strip());

        CgroupException e = assertThrows(CgroupException.class, () -> cg.update(hugepages(new HugepageLimit("4MB", 4 * MIB))));
        assertTrue(e.getMessage().contains("this kernel has no 4MB huge pages") && e.getMessage().contains("page sizes here: 1GB, 2MB"),
                e.getMessage());
    }

    @Test
    void openAfterACrashFindsTheCgroup2DirectorySoDeleteRemovesIt() throws Exception {
        manager.create(path, hugepages(new HugepageLimit("2MB", 2 * MIB)));
        V1Cgroup found = (V1Cgroup) V1CgroupManager.fromMountTable().open(path);
        assertEquals(UNIFIED.resolve(path.substring(1)), found.unifiedDir());
        found.delete();
        assertFalse(Files.exists(UNIFIED.resolve(path.substring(1))));
    }
}
