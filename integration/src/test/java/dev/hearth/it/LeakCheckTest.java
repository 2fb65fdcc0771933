package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeakCheckTest {
    private static final String OURS = "/tmp/hearth-it-0000abcd/";

    @Test
    void aDaemonOfAnotherHarnessContainerdIsNotOurs() {
        Procs.Proc theirs = new Procs.Proc(10, 1, "java -cp x dev.hearth.shim.ShimDaemon --socket /tmp/hearth-it-1111beef/hearth-run/k/shim.sock",
                "HEARTH_RUN_DIR=/tmp/hearth-it-1111beef/hearth-run");
        Procs.Proc ours = new Procs.Proc(11, 1, "java -cp x dev.hearth.shim.ShimDaemon --socket " + OURS + "hearth-run/k/shim.sock",
                "HEARTH_RUN_DIR=" + OURS + "hearth-run");
        Procs.Proc orphanWorker = new Procs.Proc(12, 1, "java dev.hearth.launcher.worker.WorkerMain", "PATH=/bin");
        assertTrue(LeakCheck.belongsToAnotherHarness(theirs, OURS));
        assertFalse(LeakCheck.belongsToAnotherHarness(ours, OURS));
        assertFalse(LeakCheck.belongsToAnotherHarness(orphanWorker, OURS));
    }

    @Test
    void reportsOnlyWhatIsNewSinceTheFirstSnapshot() {
        LeakCheck before = new LeakCheck(Set.of("pid 1: init"), Set.of("/sys/fs/cgroup/memory/ns/a"), Set.of(), Set.of());
        LeakCheck after = new LeakCheck(Set.of("pid 1: init", "pid 7: java dev.hearth.shim.ShimDaemon"),
                Set.of("/sys/fs/cgroup/memory/ns/a", "/sys/fs/cgroup/memory/ns/b"), Set.of("/tmp/hearth-it-1/rootfs"), Set.of());
        LeakCheck left = after.newSince(before);
        assertEquals(Set.of("pid 7: java dev.hearth.shim.ShimDaemon"), left.processes());
        assertEquals(Set.of("/sys/fs/cgroup/memory/ns/b"), left.cgroups());
        assertEquals(Set.of("/tmp/hearth-it-1/rootfs"), left.mounts());
        assertFalse(left.isEmpty());
        assertTrue(before.newSince(before).isEmpty());
        assertTrue(left.describe().contains("  cgroup /sys/fs/cgroup/memory/ns/b"), left.describe());
    }

    @Test
    void countsDescendantsOfOurShimsAndOrphanedHearthProcessesButNotOthersTests() {
        long containerd = 100;
        List<Procs.Proc> all = List.of(
                new Procs.Proc(1, 0, "/sbin/init", ""),
                new Procs.Proc(containerd, 50, "containerd --config " + OURS + "config.toml", ""),
                new Procs.Proc(200, 1, "containerd-shim-runc-v2 -namespace n -id a -address " + OURS + "containerd.sock", ""),
                new Procs.Proc(201, 200, "/bin/busybox sleep 600", "PATH=/bin"),
                new Procs.Proc(300, 1, "java dev.hearth.shim.ShimDaemon --socket " + OURS + "hearth-run/k/shim.sock", ""),
                new Procs.Proc(301, 300, "java dev.hearth.launcher.worker.WorkerMain", "PATH=/bin"),
                new Procs.Proc(400, 1, "java dev.hearth.launcher.worker.WorkerMain", "PATH=/bin"),
                new Procs.Proc(500, 1, "java -jar surefirebooter.jar", ""),
                new Procs.Proc(501, 500, "java dev.hearth.launcher.worker.WorkerMain /tmp/hearth-launcher-1/control.sock", ""),
                new Procs.Proc(600, 1, "java dev.hearth.shim.ShimDaemon --socket /tmp/hearth-it-1111beef/hearth-run/k/shim.sock", ""),
                new Procs.Proc(700, 1, "/usr/bin/ctr -a " + OURS + "containerd.sock events", ""));
        List<Long> ours = LeakCheck.ours(OURS, containerd, all).stream().map(Procs.Proc::pid).toList();
        assertEquals(List.of(200L, 201L, 300L, 301L, 400L), ours);
    }
}
