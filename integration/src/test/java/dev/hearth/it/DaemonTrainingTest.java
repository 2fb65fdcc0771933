package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training run of the daemon's AOT cache ({@code dev.hearth.shim.DaemonTraining}, run by
 * {@code hearth-aot-cache}) plays containerd toward a real daemon: its three containers must run
 * to the end (a build whose training broke would only leave daemons slower, silently), and
 * leave no cgroup, mount or process behind. The daemon is spawned by the sh {@code start}, as
 * containerd's call would; the training publishes to an event service of its own.
 */
@IntegrationTest
class DaemonTrainingTest {
    private static final String NAMESPACE = "training-test";

    @TempDir
    Path tmp;

    @Test
    void theTrainingRunsItsContainersThroughADaemonAndLeavesNothing() throws Exception {
        Path events = tmp.resolve("events.ttrpc");
        ShimStart started = ShimStart.daemon(tmp, NAMESPACE, events);
        Path state = started.state();
        ProcessHandle daemon = started.daemon();

        Process training = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", Dist.home().resolve("lib") + "/*",
                "dev.hearth.shim.DaemonTraining", state.toString(), events.toString(), NAMESPACE)
                .redirectErrorStream(true).start();
        String output = new String(training.getInputStream().readAllBytes());
        assertTrue(training.waitFor(120, TimeUnit.SECONDS), output);
        List<ProcessHandle> workers = daemon.descendants().toList();
        daemon.destroy(); // SIGTERM, as hearth-aot-cache stops it
        daemon.onExit().get(60, TimeUnit.SECONDS);
        for (ProcessHandle worker : workers) {
            worker.onExit().get(60, TimeUnit.SECONDS);
        }

        assertEquals(0, training.exitValue(), output);
        // Create, Start, Exit and Delete of each of the three containers reached the event service.
        assertTrue(output.contains("daemon training: 12 task events published"), output);
        assertEquals(List.of(), Mounts.under(tmp), "rootfs mounts left");
        assertEquals(java.util.Set.of(), CgroupDirs.below(NAMESPACE), "cgroups left below /" + NAMESPACE);
        for (Path root : CgroupDirs.namespaceRoots(NAMESPACE)) {
            Files.delete(root); // the namespace's own directory, as containerd leaves it for runc too
        }
    }
}
