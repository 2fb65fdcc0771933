package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources;
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
 * The v2 code path against a real cgroup2 mount (root only): /sys/fs/cgroup on a unified host,
 * /sys/fs/cgroup/unified on a hybrid one, where it has no memory/cpu/pids controllers but real
 * cgroup.procs, cgroup.freeze, cgroup.events and cgroup.kill.
 */
class V2CgroupHostTest {
    private final List<Process> processes = new ArrayList<>();
    private Path root;
    private V2CgroupManager manager;
    private String path;
    private Cgroup created;

    @BeforeEach
    void requireCgroup2() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Path unified = Path.of("/sys/fs/cgroup/unified");
        root = Files.exists(CgroupManager.DEFAULT_ROOT.resolve("cgroup.controllers")) ? CgroupManager.DEFAULT_ROOT : unified;
        assumeTrue(Files.exists(root.resolve("cgroup.procs")), "no cgroup2 mount");
        manager = new V2CgroupManager(root);
        path = "/hearth-test-" + UUID.randomUUID();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        if (created != null) created.delete();
        assertFalse(Files.exists(root.resolve(path.substring(1))));
    }

    private Process sleeper(Cgroup cg) throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        processes.add(p);
        cg.addProcess(p.pid());
        return p;
    }

    @Test
    void freezeThawSignalsAndCgroupKill() throws Exception {
        created = manager.create(path, null);
        Process a = sleeper(created);
        assertEquals(List.of(a.pid()), created.pids());

        created.freeze();
        assertTrue(Files.readString(root.resolve(path.substring(1)).resolve("cgroup.events")).contains("frozen 1"));
        assertTrue(Files.readString(Path.of("/proc/" + a.pid() + "/status")).contains("State:\tS"),
                "a frozen task sleeps in the kernel's freezer");
        created.thaw();

        created.killAll(Signals.SIGTERM);
        assertTrue(a.waitFor(10, TimeUnit.SECONDS));
        assertEquals(128 + Signals.SIGTERM, a.exitValue());

        Process b = sleeper(created);
        created.killAll(Signals.SIGKILL);
        assertTrue(b.waitFor(10, TimeUnit.SECONDS));
        assertEquals(128 + Signals.SIGKILL, b.exitValue());

        created.delete();
        assertFalse(Files.exists(root.resolve(path.substring(1))));
        created.delete();
    }

    @Test
    void aControllerTheHierarchyLacksIsNamed() throws Exception {
        assumeTrue(!Files.readString(root.resolve("cgroup.controllers")).contains("pids"), "pids available here");
        CgroupException e = assertThrows(CgroupException.class,
                () -> manager.create(path, new LinuxResources(null, null, new LinuxResources.Pids(10), null)));
        assertTrue(e.getMessage().contains("pids not available in " + root), e.getMessage());
    }

    @Test
    void hugepageLimitsWriteHugetlbMax() throws Exception {
        assumeTrue(V2CgroupManager.words(Files.readString(root.resolve("cgroup.controllers"))).contains("hugetlb"), "no hugetlb here");
        created = manager.create(path, new LinuxResources(null, null, null,
                List.of(new LinuxResources.HugepageLimit("2MB", 4L << 20))));
        Path dir = root.resolve(path.substring(1));
        assertEquals(Long.toString(4L << 20), Files.readString(dir.resolve("hugetlb.2MB.max")).strip());
        created.update(new LinuxResources(null, null, null, List.of(new LinuxResources.HugepageLimit("2MB", -1))));
        assertEquals("max", Files.readString(dir.resolve("hugetlb.2MB.max")).strip());
    }
}
