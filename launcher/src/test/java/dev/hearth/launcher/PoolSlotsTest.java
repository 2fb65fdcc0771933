package dev.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.cgroups.CgroupManager;
import dev.hearth.oci.runtime.LinuxResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real cgroups (root only): pool workers live in slots of their own; on cgroup v1 a claimed
 * worker's slot becomes the container's cgroup by a rename once the pool knows where containers
 * live; a daemon removes the slots of daemons that are gone, never a live one's.
 */
class PoolSlotsTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;
    CgroupManager cgroups;
    final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void needsRoot() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create cgroups");
        cgroups = CgroupManager.detect();
    }

    @Test
    void staleSlotsGoLiveOnesStay() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long deadPid = gone.pid();
        long livePid = ProcessHandle.current().pid(); // a JVM, like a daemon
        String elsewhere = "/hearth-test-" + UUID.randomUUID();
        Files.writeString(tmp.resolve(PoolSlots.PARENTS_FILE), elsewhere + "\n");
        Cgroup staleHome = cgroups.create("/hearth/.hearth-slot-" + deadPid + "-1", null);
        Cgroup staleElsewhere = cgroups.create(elsewhere + "/.hearth-slot-" + deadPid + "-2", null);
        Cgroup live = cgroups.create("/hearth/.hearth-slot-" + livePid + "-1", null);
        try {
            List<String> removed = PoolSlots.removeStale(cgroups, tmp, log::add);
            assertTrue(removed.containsAll(List.of(staleHome.path(), staleElsewhere.path())), removed + " " + log);
            assertFalse(removed.contains(live.path()));
            assertFalse(PoolSlots.slotNames("/hearth").contains(".hearth-slot-" + deadPid + "-1"));
            assertTrue(PoolSlots.slotNames(elsewhere).isEmpty());
            assertTrue(PoolSlots.slotNames("/hearth").contains(".hearth-slot-" + livePid + "-1"));
        } finally {
            live.delete();
            staleHome.delete();
            staleElsewhere.delete();
            removeParent(elsewhere);
        }
        assertEquals(List.of(), log);
    }

    @Test
    void aClaimedWorkersSlotBecomesTheContainersCgroupOnceThePoolKnowsTheirParent() throws Exception {
        Assumptions.assumeTrue(cgroups.renames(), "cgroup v2 renames nothing: every claim moves its worker");
        String parent = "/hearth-test-" + UUID.randomUUID();
        PoolSlots slots = new PoolSlots(cgroups, tmp, log::add);
        List<Cgroup> made = new ArrayList<>();
        try (WorkerLauncher launcher = new WorkerLauncher(WorkerLauncher.Settings.defaults()
                .withPool(new WorkerLauncher.Pool(1, slots, Duration.ZERO)).withLog(log::add))) {
            assertTrue(launcher.awaitWarmWorkers(1, WAIT), log.toString());
            assertEquals(1, PoolSlots.slotNames(PoolSlots.HOME).stream().filter(this::mine).count(), "the first slot is in /hearth");

            // The first container shows where containers live: its worker is moved, its slot removed.
            FunctionProcess first = launcher.create(spec("first", parent + "/first"));
            made.add(first.cgroup());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("container first: moving worker " + first.pid() + " into cgroup "
                    + parent + "/first (its pool cgroup /hearth/.hearth-slot-")), log.toString());
            assertEquals(parent, slots.parent());
            assertEquals(List.of(parent), Files.readAllLines(tmp.resolve(PoolSlots.PARENTS_FILE)));

            // The refill's slot is made beside it, and the next claim renames it.
            assertTrue(launcher.awaitWarmWorkers(1, WAIT), log.toString());
            assertEquals(List.of(), PoolSlots.slotNames(PoolSlots.HOME).stream().filter(this::mine).toList(), "the first slot is gone " + log);
            assertEquals(1, PoolSlots.slotNames(parent).size());
            String slotName = PoolSlots.slotNames(parent).first();
            FunctionProcess second = launcher.create(spec("second", parent + "/second"));
            made.add(second.cgroup());
            assertTrue(log.contains("container second: warm worker " + second.pid() + " from the pool, heap 416 MiB"), log.toString());
            assertTrue(log.stream().noneMatch(l -> l.startsWith("container second: moving")), log.toString());
            assertEquals(parent + "/second", second.cgroup().path());
            assertEquals(List.of(second.pid()), second.cgroup().pids());
            assertTrue(Files.readString(Path.of("/proc/" + second.pid() + "/cgroup")).contains(":memory:" + parent + "/second\n"));
            assertEquals(512L << 20, second.cgroup().memoryLimit(), "the container's limits replace the slot's");
            assertEquals("1024", Files.readString(Path.of("/sys/fs/cgroup/cpu" + parent + "/second/cpu.shares")).strip(),
                    "the slot's low CPU weight does not stay");
            assertFalse(PoolSlots.slotNames(parent).contains(slotName), "the slot was renamed, not copied");

            // A memory limit below what the worker already holds (+16 MiB): the slot's charges
            // must not come along, so the worker is moved instead.
            assertTrue(launcher.awaitWarmWorkers(1, WAIT), log.toString());
            FunctionProcess third = launcher.create(spec("third", parent + "/third", 64L << 20));
            made.add(third.cgroup());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("container third: moving worker " + third.pid() + " into cgroup "
                    + parent + "/third (its pool cgroup " + parent + "/.hearth-slot-")), log.toString());
            assertEquals(List.of(third.pid()), third.cgroup().pids());
            assertEquals(64L << 20, third.cgroup().memoryLimit());

            for (FunctionProcess p : List.of(first, second, third)) {
                p.start();
                assertEquals(0, p.exited().get(WAIT.toSeconds(), TimeUnit.SECONDS).status());
            }
        } finally {
            for (Cgroup c : made) {
                c.destroy();
            }
            removeParent(parent);
        }
        assertTrue(PoolSlots.slotNames(PoolSlots.HOME).stream().noneMatch(this::mine), "the pool's slots are gone at close");
        assertEquals(List.of(), log.stream().filter(l -> l.startsWith("cannot")).toList());
    }

    @Test
    void aNewDaemonsSlotsGoWhereTheContainersOfTheLastOneLived() throws Exception {
        Files.writeString(tmp.resolve(PoolSlots.PARENTS_FILE), "/hearth-test-old\n/hearth-test-last\n");
        PoolSlots slots = PoolSlots.open(cgroups, tmp, log::add);
        assertEquals(cgroups.renames() ? "/hearth-test-last" : PoolSlots.HOME, slots.parent());
        slots.learn("/hearth-test-last/c1");
        slots.learn("/hearth-test-old/c2");
        assertEquals(List.of("/hearth-test-old", "/hearth-test-last"), Files.readAllLines(tmp.resolve(PoolSlots.PARENTS_FILE)),
                "a parent is recorded once");
    }

    private boolean mine(String slotName) {
        return slotName.startsWith(".hearth-slot-" + ProcessHandle.current().pid() + "-");
    }

    private FunctionSpec spec(String id, String cgroupPath) throws Exception {
        return spec(id, cgroupPath, 512L << 20);
    }

    private FunctionSpec spec(String id, String cgroupPath, long memoryLimit) throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve(id));
        Files.writeString(rootfs.resolve("main.js"), "console.log('" + id + "')");
        LinuxResources resources = new LinuxResources(new LinuxResources.Memory(memoryLimit, null, null, null, null, null, null),
                null, null, null);
        return new FunctionSpec(id, rootfs, rootfs.resolve("main.js"), List.of(), Map.of(), "/",
                new Stdio("", "file://" + tmp.resolve(id + ".out"), ""), new CgroupSpec(cgroups, cgroupPath, resources, true), null);
    }

    /** The test's parent cgroup, in every hierarchy. */
    private void removeParent(String parent) throws Exception {
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                Path dir = h.resolve(parent.substring(1));
                if (Files.isDirectory(dir)) {
                    new ProcessBuilder("rmdir", dir.toString()).inheritIO().start().waitFor();
                }
            }
        }
        Path unified = Path.of("/sys/fs/cgroup" + parent);
        assertFalse(Files.exists(unified) && !Files.isDirectory(unified));
    }
}
