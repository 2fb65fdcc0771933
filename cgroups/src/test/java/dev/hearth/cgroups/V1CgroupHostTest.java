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
 * Against this machine's real cgroup v1 hierarchies (root only; skipped on v2 hosts). Every
 * test kills what it started and removes its cgroup, also when it fails.
 */
class V1CgroupHostTest {
    private final List<Process> processes = new ArrayList<>();
    private final List<Cgroup> cgroups = new ArrayList<>();
    private V1CgroupManager manager;
    private String path;

    @BeforeEach
    void requireV1Root() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(!Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")), "host is cgroup v2");
        manager = V1CgroupManager.fromMountTable();
        assumeTrue(manager.hierarchies().stream().anyMatch(h -> h.has("memory")), "no v1 memory hierarchy");
        path = "/hearth-test/" + UUID.randomUUID();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        for (Cgroup c : cgroups) {
            c.delete();
            for (Path d : ((V1Cgroup) c).dirs().values()) {
                Path parent = d.getParent();
                if (parent.getFileName().toString().equals("hearth-test")) {
                    try { CgroupDirs.rmdir(c.path(), parent); } catch (CgroupException busy) { /* another run's */ }
                }
            }
        }
    }

    private Cgroup create(LinuxResources r) throws CgroupException {
        Cgroup cg = manager.create(path, r);
        cgroups.add(cg);
        return cg;
    }

    private Process sleeper() throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        processes.add(p);
        return p;
    }

    @Test
    void renameKeepsTheProcessesAndWhatTheyAreCharged() throws Exception {
        Cgroup slot = create(null);
        Process p = sleeper();
        slot.addProcess(p.pid());
        long charged = slot.memoryUsage();
        String renamedPath = path + "-renamed";
        Cgroup renamed = manager.rename(slot, renamedPath);
        cgroups.remove(slot);
        cgroups.add(renamed);

        assertEquals(renamedPath, renamed.path());
        assertEquals(List.of(p.pid()), renamed.pids());
        for (Path dir : ((V1Cgroup) slot).dirs().values()) assertFalse(Files.exists(dir), dir + " is gone");
        for (Path dir : ((V1Cgroup) renamed).dirs().values()) {
            assertEquals(Long.toString(p.pid()), Files.readString(dir.resolve("cgroup.procs")).strip(), dir.toString());
        }
        assertTrue(renamed.memoryUsage() >= charged, "charges stay: " + charged + " -> " + renamed.memoryUsage());
        assertTrue(Files.readString(Path.of("/proc/" + p.pid() + "/cgroup")).contains(renamedPath));
    }

    @Test
    void renameIntoAnotherParentIsNotPossible() throws Exception {
        Cgroup slot = create(null);
        assertNull(manager.rename(slot, path + "/child"));
        assertNull(manager.rename(slot, "/hearth-test-elsewhere/x"));
        assertTrue(manager.renames());
    }

    @Test
    void renameOntoAnExistingCgroupFailsAndLeavesBothInPlace() throws Exception {
        Cgroup slot = create(null);
        String otherPath = path + "-other";
        Cgroup other = manager.create(otherPath, null);
        cgroups.add(other);
        CgroupException e = assertThrows(CgroupException.class, () -> manager.rename(slot, otherPath));
        assertTrue(e.getMessage().contains("rename"), e.getMessage());
        for (Path dir : ((V1Cgroup) slot).dirs().values()) assertTrue(Files.isDirectory(dir), dir + " still there");
        for (Path dir : ((V1Cgroup) other).dirs().values()) assertTrue(Files.isDirectory(dir), dir + " still there");
    }

    @Test
    void detectChoosesV1OnThisHybridHost() throws CgroupException {
        assertEquals(1, CgroupManager.detect().version());
    }

    @Test
    void memoryLimitProcessesKillAllAndDelete() throws Exception {
        long limit = 64L << 20;
        Cgroup cg = create(new LinuxResources(new LinuxResources.Memory(limit, null, null, null, null, null, null),
                new LinuxResources.Cpu(512L, null, null, null, null, null, null), new LinuxResources.Pids(50), null));
        V1Cgroup v1 = (V1Cgroup) cg;
        assertEquals(manager.hierarchies().size(), v1.dirs().size());
        for (var e : v1.dirs().entrySet()) {
            assertTrue(Files.isDirectory(e.getValue()), "created in " + e.getKey().controllers());
            if (e.getKey().has("memory")) {
                assertEquals(Long.toString(limit), Files.readString(e.getValue().resolve("memory.limit_in_bytes")).strip());
            }
            if (e.getKey().has("pids")) assertEquals("50", Files.readString(e.getValue().resolve("pids.max")).strip());
            if (e.getKey().has("cpu")) assertEquals("512", Files.readString(e.getValue().resolve("cpu.shares")).strip());
        }

        Process p = sleeper();
        cg.addProcess(p.pid());
        assertEquals(List.of(p.pid()), cg.pids());
        String procCgroup = Files.readString(Path.of("/proc/" + p.pid() + "/cgroup"));
        assertTrue(procCgroup.contains(":memory:" + path + "\n"), procCgroup);

        cg.killAll(Signals.SIGKILL);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "SIGKILL ended the process");
        assertEquals(128 + Signals.SIGKILL, p.exitValue());
        assertEquals(List.of(), cg.pids());

        cg.delete();
        for (Path d : v1.dirs().values()) assertFalse(Files.exists(d), d + " removed");
        cg.delete(); // idempotent
        manager.open(path).delete(); // also through a fresh handle
    }

    @Test
    void killAllWithTermFreezesSignalsAndThawsEveryProcess() throws Exception {
        Cgroup cg = create(null);
        Process a = sleeper(), b = sleeper();
        cg.addProcess(a.pid());
        cg.addProcess(b.pid());
        assertEquals(List.of(Math.min(a.pid(), b.pid()), Math.max(a.pid(), b.pid())), cg.pids());
        cg.killAll(Signals.SIGTERM);
        assertTrue(a.waitFor(10, TimeUnit.SECONDS) && b.waitFor(10, TimeUnit.SECONDS), "both ended after thaw");
        assertEquals(128 + Signals.SIGTERM, a.exitValue());
        Path freezer = ((V1Cgroup) cg).dirs().entrySet().stream().filter(e -> e.getKey().has("freezer"))
                .map(e -> e.getValue()).findFirst().orElseThrow();
        assertEquals("THAWED", Files.readString(freezer.resolve("freezer.state")).strip());
    }

    @Test
    void deleteRightAfterKillAllWaitsForTheProcessesToLeave() throws Exception {
        Cgroup cg = create(null);
        Process p = sleeper();
        cg.addProcess(p.pid());
        cg.killAll(Signals.SIGKILL);
        cg.delete(); // no waitFor first: the retry on EBUSY covers processes still exiting
        for (Path d : ((V1Cgroup) cg).dirs().values()) assertFalse(Files.exists(d), d + " removed");
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void deleteOfAPopulatedCgroupFailsNamingTheCause() throws Exception {
        Cgroup cg = create(null);
        Process p = sleeper();
        cg.addProcess(p.pid());
        CgroupException e = assertThrows(CgroupException.class, cg::delete);
        assertTrue(e.getMessage().startsWith("cgroup " + path + ": rmdir "), e.getMessage());
        assertTrue(e.getMessage().contains("busy"), e.getMessage());
        cg.killAll(Signals.SIGKILL);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void aRefusedValueNamesTheFileAndLeavesNoCgroup() throws Exception {
        CgroupException e = assertThrows(CgroupException.class, () -> create(new LinuxResources(null,
                new LinuxResources.Cpu(null, null, null, null, null, "9999", null), null, null)));
        assertTrue(e.getMessage().startsWith("cgroup " + path + ": write cpuset.cpus=9999: "), e.getMessage());
        for (V1Hierarchy h : manager.hierarchies()) {
            assertFalse(Files.exists(h.dirOf(path)), "rolled back in " + h.controllers());
        }
    }
}
