package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Proves the harness with runc, independent of hearth: a private containerd starts and answers, a container
 * runs and its output reaches ctr, ctr events sees the task's life, and nothing is left afterwards.
 */
@IntegrationTest
class HarnessSmokeTest {
    private static final List<String> TASK_TOPICS = List.of("/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete");

    @AcrossContainerds
    void runcContainerFromRootfsPrintsAndLeavesNothing(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            String version = ctr.run("version").requireSuccess().stdout();
            assertTrue(version.contains("Server:") && version.contains(binary.version()),
                    "ctr version should show the server " + binary.version() + ":\n" + version);

            LeakCheck before = LeakCheck.take(containerd);
            Path rootfs = TestImages.busyboxRootfs(containerd.scratch("rootfs"));
            try (CtrProcess events = ctr.events()) {
                Ctr.Result run = ctr.run("run", "--rm", "--runtime", "io.containerd.runc.v2", "--rootfs", rootfs.toString(),
                        "smoke-rootfs", "/bin/busybox", "echo", "hello from runc").requireSuccess();
                assertEquals(List.of("hello from runc"), run.stdout().lines().toList(), run.describe("printed"));
                events.awaitStdout(lines -> TASK_TOPICS.stream().allMatch(topic ->
                        lines.stream().anyMatch(l -> l.contains(" " + topic + " ") && l.contains("smoke-rootfs"))), Duration.ofSeconds(10));
            }
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @AcrossContainerds
    void importedImageRunsWithItsCommandAndExitStatus(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            LeakCheck before = LeakCheck.take(containerd);
            Path archive = TestImages.busyboxArchive(containerd.scratch("image").resolve("smoke.tar"),
                    "docker.io/library/hearth-smoke:1", List.of("/bin/sh", "-c", "echo from the image; exit 3"));
            ctr.run("image", "import", archive.toString()).requireSuccess();
            assertTrue(ctr.run("image", "ls", "-q").requireSuccess().stdout().lines().anyMatch("docker.io/library/hearth-smoke:1"::equals),
                    "the imported image should be listed under its io.containerd.image.name");

            Ctr.Result run = ctr.run("run", "--rm", "--runtime", "io.containerd.runc.v2", "docker.io/library/hearth-smoke:1", "smoke-image");
            assertEquals(3, run.exitCode(), run.describe("should exit with the container's status"));
            assertEquals(List.of("from the image"), run.stdout().lines().toList(), run.describe("printed"));
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @AcrossContainerds
    void leakCheckSeesARunningContainerUntilItIsKilledAndDeleted(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Path rootfs = TestImages.busyboxRootfs(containerd.scratch("rootfs"));
            LeakCheck before = LeakCheck.take(containerd);
            ctr.run("run", "-d", "--runtime", "io.containerd.runc.v2", "--rootfs", rootfs.toString(),
                    "forever", "/bin/busybox", "sleep", "600").requireSuccess();

            AssertionError leak = assertThrows(AssertionError.class,
                    () -> LeakCheck.assertNothingLeftSince(before, containerd, Duration.ofSeconds(1)));
            assertTrue(leak.getMessage().contains("cgroup /sys/fs/cgroup/") && leak.getMessage().contains("/forever"), leak.getMessage());
            assertTrue(leak.getMessage().contains("process ") && leak.getMessage().contains("containerd-shim-runc-v2"), leak.getMessage());
            assertTrue(leak.getMessage().contains("fifo ") && leak.getMessage().contains("forever-stdout"), leak.getMessage());

            ctr.run("task", "kill", "-s", "SIGKILL", "forever").requireSuccess();
            Tasks.awaitStatus(ctr, "forever", "STOPPED");
            Ctr.Result deleted = ctr.run("task", "delete", "forever").requireSuccess();
            assertTrue(deleted.stderr().contains("exit code 137"), deleted.describe("should report 128+SIGKILL"));
            ctr.run("container", "delete", "forever").requireSuccess();
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @AcrossContainerds
    void closeCleansUpAContainerStillRunning(ContainerdBinary binary) {
        Path dir;
        String namespace;
        try (Containerd containerd = Containerd.start(binary)) {
            dir = containerd.dir();
            Ctr ctr = containerd.ctr();
            namespace = ctr.namespace();
            Path rootfs = TestImages.busyboxRootfs(containerd.scratch("rootfs"));
            ctr.run("run", "-d", "--runtime", "io.containerd.runc.v2", "--rootfs", rootfs.toString(),
                    "left-running", "/bin/busybox", "sleep", "600").requireSuccess();
            assertFalse(CgroupDirs.below(namespace).isEmpty(), "the running container should have a cgroup");
        }
        assertFalse(Files.exists(dir), dir + " should be deleted");
        assertTrue(Procs.matching(p -> p.mentions(dir + "/")).isEmpty(), "no process of " + dir + " should be left");
        assertTrue(Mounts.under(dir).isEmpty(), "nothing should stay mounted under " + dir);
        assertTrue(CgroupDirs.namespaceRoots(namespace).isEmpty(), "the cgroups of namespace " + namespace + " should be removed");
    }
}
