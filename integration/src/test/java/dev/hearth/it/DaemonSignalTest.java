package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.launcher.PoolSlots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shim daemon stopped by SIGTERM (an operator, a service manager) removes what an idle exit
 * removes: its socket and pid file, its parked pool workers and the pool's cgroup. No containerd
 * is needed: the sh {@code start} spawns the daemon, as containerd's call would.
 */
@IntegrationTest
class DaemonSignalTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void sigtermRemovesThePoolItsCgroupAndTheSocket() throws Exception {
        ShimStart started = ShimStart.daemon(tmp, "signal-test", tmp.resolve("containerd.sock.ttrpc"));
        Path state = started.state();
        ProcessHandle daemonHandle = started.daemon();
        String slotPrefix = ".hearth-slot-" + daemonHandle.pid() + "-";
        List<ProcessHandle> parked = awaitParkedWorker(daemonHandle);
        assertTrue(PoolSlots.slotNames("/hearth").stream().anyMatch(n -> n.startsWith(slotPrefix)),
                "the parked worker's cgroup exists while the daemon runs: " + PoolSlots.slotNames("/hearth"));

        daemonHandle.destroy(); // SIGTERM
        daemonHandle.onExit().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        for (ProcessHandle worker : parked) {
            worker.onExit().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(state.resolve("daemon.pid")), "pid file removed");
        assertFalse(Files.exists(state.resolve("shim.sock")), "socket removed");
        assertEquals(List.of(), PoolSlots.slotNames("/hearth").stream().filter(n -> n.startsWith(slotPrefix)).toList(),
                "the pool's cgroups are gone in every hierarchy");
    }

    /** The daemon's children once its pool worker is parked (it has said hello: the log says so). */
    private static List<ProcessHandle> awaitParkedWorker(ProcessHandle daemon) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> workers = daemon.children().filter(ProcessHandle::isAlive).toList();
            if (!workers.isEmpty() && cpuIdle(workers.getFirst())) {
                return workers;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no parked pool worker under daemon " + daemon.pid() + " within " + WAIT);
    }

    /** A booted worker blocks in its control read: its CPU time stops growing. */
    private static boolean cpuIdle(ProcessHandle worker) throws InterruptedException {
        Duration before = worker.info().totalCpuDuration().orElse(Duration.ZERO);
        Thread.sleep(300);
        Duration after = worker.info().totalCpuDuration().orElse(Duration.ZERO);
        return after.equals(before) && after.compareTo(Duration.ofMillis(200)) > 0;
    }
}
