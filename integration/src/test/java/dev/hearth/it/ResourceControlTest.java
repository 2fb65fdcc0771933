package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Resource control end to end on the real cgroup v1 hierarchy: memory limits end a function with 137 and a TaskOOM,
 * a CPU quota holds, a pids limit holds, pause/resume freeze the function, an update raises a limit of a running task,
 * and {@code ctr task metrics} agrees with the cgroup files. The function is
 * {@code src/test/resources/functions/resources} (HEARTH_MODE picks what it does). Every test ends with a leak check.
 */
@IntegrationTest
class ResourceControlTest {
    private static final String IMAGE = "docker.io/library/resources:1";
    private static final long MIB = 1L << 20;
    /**
     * The smallest pids limit hearth promises a function can run under (README, Resource control). Measured: a worker
     * peaks at 13 tasks and 14 works, 12 fails its JVM boot; the promise leaves room for compiler and serving
     * threads. {@code -Dhearth.it.pidsLimit=N} runs the pids test under another limit, to measure again.
     */
    static final int SMALLEST_PIDS_LIMIT = Integer.getInteger("hearth.it.pidsLimit", 32);

    @AcrossContainerds
    void aFunctionThatAllocatesPastItsMemoryLimitEndsWith137AndATaskOom(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            assumeV1();
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, functionDir(), IMAGE);
            LeakCheck before = LeakCheck.take(containerd);

            try (CtrProcess events = ctr.events()) {
                // 192 MiB: below what a pool worker needs, so a worker is started with a heap of the limit less
                // the 96 MiB hearth keeps for the JVM itself.
                Ctr.Result run = ctr.run(Duration.ofSeconds(120), "run", "--rm", "--memory-limit", Long.toString(192 * MIB),
                        "--env", "HEARTH_MODE=hog", "--runtime", Functions.RUNTIME, IMAGE, "oom1");
                assertEquals(137, run.exitCode(), run.describe("should end as an OOM kill"));
                assertTrue(run.stderr().contains("hearth: the function ran out of memory: heap limit 96 MiB (container memory limit 192 MiB)"),
                        run.describe("should name the limit that was hit"));
                List<String> lines = events.awaitStdout(l -> indexOf(l, "/tasks/oom", "oom1") >= 0 && indexOf(l, "/tasks/exit", "oom1") >= 0,
                        Duration.ofSeconds(10));
                assertTrue(indexOf(lines, "/tasks/oom", "oom1") < indexOf(lines, "/tasks/exit", "oom1"),
                        "TaskOOM should come before TaskExit:\n" + String.join("\n", lines));
            }
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    /**
     * The kernel's OOM killer, not the heap, stops the function: hearth sizes the heap below the container's limit, so
     * here the limit is lowered (in the cgroup file) under the waiting function to just above what it uses, and its
     * later 64 MiB allocation, which its heap has room for, is more than the cgroup allows. The same ending as for the
     * heap: {@code ctr run} exits 137 and a TaskOOM is published (from the cgroup's OOM notification).
     */
    @Test
    void theKernelOomKillerEndsAFunctionWith137AndATaskOomToo() throws IOException {
        try (Containerd containerd = Containerd.start(ContainerdBinary.primary())) {
            assumeV1();
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, functionDir(), IMAGE);
            LeakCheck before = LeakCheck.take(containerd);

            try (CtrProcess events = ctr.events();
                    CtrProcess run = ctr.start("run", "--rm", "--memory-limit", Long.toString(256 * MIB), "--env", "HEARTH_MODE=later",
                            "--env", "HEARTH_WAIT_MS=4000", "--env", "HEARTH_ALLOC_MIB=64", "--runtime", Functions.RUNTIME, IMAGE, "oom2")) {
                run.awaitStdout(lines -> lines.contains("waiting"), Duration.ofSeconds(60));
                Path memory = cgroup(ctr, "oom2", "memory.limit_in_bytes");
                long low = (Long.parseLong(read(memory.resolve("memory.usage_in_bytes"))) / MIB + 16) * MIB;
                Files.writeString(memory.resolve("memory.limit_in_bytes"), Long.toString(low));
                Ctr.Result ran = run.awaitExit(Duration.ofSeconds(60));
                assertEquals(137, ran.exitCode(), ran.describe("should be OOM-killed"));
                assertTrue(!ran.stdout().contains("allocated") && !ran.stderr().contains("hearth: the function ran out of memory"),
                        ran.describe("the kernel, not the heap, should stop it"));
                events.awaitStdout(lines -> lines.stream().anyMatch(l -> l.contains("/tasks/oom") && l.contains("oom2")),
                        Duration.ofSeconds(10));
            }
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @AcrossContainerds
    void aBusyLoopUnderAFifthOfACpuUsesAboutAFifthOfACore(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            assumeV1();
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, functionDir(), IMAGE);
            LeakCheck before = LeakCheck.take(containerd);

            ctr.run("run", "-d", "--cpu-quota", "20000", "--cpu-period", "100000", "--env", "HEARTH_MODE=spin",
                    "--runtime", Functions.RUNTIME, IMAGE, "spin1").requireSuccess();
            Tasks.awaitStatus(ctr, "spin1", "RUNNING");
            Path cpu = cgroup(ctr, "spin1", "cpu.cfs_quota_us");
            assertEquals("20000", read(cpu.resolve("cpu.cfs_quota_us")));
            Path cpuacct = cgroup(ctr, "spin1", "cpuacct.usage");
            Procs.sleep(Duration.ofSeconds(2)); // past the worker's own start
            double share = cpuShare(cpuacct, Duration.ofSeconds(4));
            // Noisy shared 2-core host: the quota is an upper bound, and a starved loop gets less.
            assertTrue(share >= 0.10 && share <= 0.35, "a loop under a 0.2 CPU quota used " + share + " of a core");

            remove(ctr, "spin1");
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @Test
    void pauseStopsAllProgressResumeContinuesAndMetricsMatchTheCgroupFiles() {
        try (Containerd containerd = Containerd.start(ContainerdBinary.primary())) {
            assumeV1();
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, functionDir(), IMAGE);
            LeakCheck before = LeakCheck.take(containerd);

            ctr.run("run", "-d", "--memory-limit", Long.toString(512 * MIB), "--cpu-quota", "50000", "--cpu-period", "100000",
                    "--env", "HEARTH_MODE=spin", "--runtime", Functions.RUNTIME, IMAGE, "paused1").requireSuccess();
            Tasks.awaitStatus(ctr, "paused1", "RUNNING");
            Path cpuacct = cgroup(ctr, "paused1", "cpuacct.usage");
            Path memory = cgroup(ctr, "paused1", "memory.usage_in_bytes");
            Path pids = cgroup(ctr, "paused1", "pids.current");
            Procs.sleep(Duration.ofSeconds(1));

            ctr.run("task", "pause", "paused1").requireSuccess();
            Tasks.awaitStatus(ctr, "paused1", "PAUSED");
            long frozenAt = Long.parseLong(read(cpuacct.resolve("cpuacct.usage")));
            Procs.sleep(Duration.ofSeconds(1));
            assertEquals(frozenAt, Long.parseLong(read(cpuacct.resolve("cpuacct.usage"))), "cpuacct moved while paused");

            // Frozen, the figures stand still: metrics must equal the files exactly.
            Ctr.Result metrics = ctr.run("task", "metrics", "paused1").requireSuccess();
            Map<String, String> figures = metricTable(metrics.stdout());
            assertEquals(read(cpuacct.resolve("cpuacct.usage")), figures.get("cpuacct.usage"), metrics.describe("cpuacct.usage"));
            assertEquals(read(memory.resolve("memory.usage_in_bytes")), figures.get("memory.usage_in_bytes"), metrics.describe("memory usage"));
            assertEquals(Long.toString(512 * MIB), figures.get("memory.limit_in_bytes"), metrics.describe("memory limit"));
            assertEquals(read(memory.resolve("memory.limit_in_bytes")), figures.get("memory.limit_in_bytes"), metrics.describe("memory limit"));
            assertEquals(read(pids.resolve("pids.current")), figures.get("pids.current"), metrics.describe("pids.current"));

            ctr.run("task", "resume", "paused1").requireSuccess();
            Tasks.awaitStatus(ctr, "paused1", "RUNNING");
            Procs.sleep(Duration.ofSeconds(1));
            long resumedAt = Long.parseLong(read(cpuacct.resolve("cpuacct.usage")));
            assertTrue(resumedAt > frozenAt, "the loop should run again after resume: cpuacct " + frozenAt + " -> " + resumedAt);

            remove(ctr, "paused1");
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    /**
     * {@code linux.resources.pids.limit} through nerdctl (ctr has no flag for it): the worker runs under the smallest
     * limit hearth promises, and the cgroup never counts more tasks than that (sampled every 100 ms). The memory limit
     * makes the daemon boot a worker inside the container's cgroup, so its JVM start is counted too.
     */
    @Test
    void aFunctionRunsUnderTheSmallestPidsLimitAndTheLimitHolds() {
        try (Containerd containerd = Containerd.start(ContainerdBinary.primary())) {
            assumeV1();
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, functionDir(), IMAGE);
            Nerdctl nerdctl = Nerdctl.of(containerd, ctr, null);
            LeakCheck before = LeakCheck.take(containerd);

            String id = nerdctl.run("run", "-d", "--name", "pids1", "--pids-limit", Integer.toString(SMALLEST_PIDS_LIMIT), "--memory", "192m",
                    "--runtime", Functions.RUNTIME, "--network", "none", "--env", "HEARTH_MODE=later", "--env", "HEARTH_WAIT_MS=3000",
                    "--env", "HEARTH_ALLOC_MIB=16", IMAGE).requireSuccess().stdout().strip();
            Tasks.awaitStatus(ctr, id, "RUNNING");
            Path pids = cgroup(ctr, id, "pids.max");
            assertEquals(Integer.toString(SMALLEST_PIDS_LIMIT), read(pids.resolve("pids.max")));
            AtomicLong most = new AtomicLong();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (Files.exists(pids.resolve("pids.current")) && System.nanoTime() < deadline) {
                String current = readOrEmpty(pids.resolve("pids.current"));
                if (!current.isEmpty()) {
                    most.accumulateAndGet(Long.parseLong(current), Math::max);
                }
                if (!nerdctl.run("ps", "-q", "--filter", "status=running").stdout().contains(id.substring(0, 12))) {
                    break;
                }
                Procs.sleep(Duration.ofMillis(100));
            }
            Ctr.Result waited = nerdctl.run("wait", "pids1").requireSuccess();
            Ctr.Result logs = nerdctl.run("logs", "pids1");
            assertEquals("0", waited.stdout().strip(), logs.describe("the function should end well under the limit"));
            assertTrue(logs.stdout().contains("allocated 16 MiB"), logs.describe("should finish its work"));
            assertTrue(most.get() > 0 && most.get() <= SMALLEST_PIDS_LIMIT, "pids.current reached " + most.get());
            nerdctl.run("rm", "pids1").requireSuccess();
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    /**
     * Kubernetes' in-place resize path (Task.Update, here through nerdctl update): the limit is lowered to just above
     * what the waiting function uses, then raised, and the allocation the function makes afterwards, bigger than the
     * lowered limit allowed, succeeds.
     */
    @Test
    void anUpdateRaisesTheMemoryLimitSoALaterAllocationSucceeds() {
        try (Containerd containerd = Containerd.start(ContainerdBinary.primary())) {
            assumeV1();
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, functionDir(), IMAGE);
            Nerdctl nerdctl = Nerdctl.of(containerd, ctr, null);
            LeakCheck before = LeakCheck.take(containerd);

            String id = nerdctl.run("run", "-d", "--name", "upd1", "--memory", "256m", "--runtime", Functions.RUNTIME,
                    "--network", "none", "--env", "HEARTH_MODE=later", "--env", "HEARTH_WAIT_MS=6000", "--env", "HEARTH_ALLOC_MIB=64",
                    IMAGE).requireSuccess().stdout().strip();
            Tasks.awaitStatus(ctr, id, "RUNNING");
            Path memory = cgroup(ctr, id, "memory.limit_in_bytes");
            long used = Long.parseLong(read(memory.resolve("memory.usage_in_bytes")));
            long low = (used / MIB + 16) * MIB; // too little for the 64 MiB to come
            nerdctl.run("update", "--memory", Long.toString(low), "--memory-swap", Long.toString(low), "upd1").requireSuccess();
            assertEquals(Long.toString(low), read(memory.resolve("memory.limit_in_bytes")));
            nerdctl.run("update", "--memory", "512m", "--memory-swap", "512m", "upd1").requireSuccess();
            assertEquals(Long.toString(512 * MIB), read(memory.resolve("memory.limit_in_bytes")));

            Ctr.Result waited = nerdctl.run("wait", "upd1").requireSuccess();
            Ctr.Result logs = nerdctl.run("logs", "upd1");
            assertEquals("0", waited.stdout().strip(), logs.describe("the allocation should succeed after the raise"));
            assertTrue(logs.stdout().contains("allocated 64 MiB"), logs.describe("printed"));
            long peak = Long.parseLong(read(memory.resolve("memory.max_usage_in_bytes")));
            assertTrue(peak > low, "the allocation needed more than the lowered limit " + low + " (peak " + peak + ")");
            nerdctl.run("rm", "upd1").requireSuccess();
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    // ---- helpers ----

    private static void assumeV1() {
        assumeTrue(!Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")), "these tests read cgroup v1 files");
    }

    private static Path functionDir() {
        try {
            return Path.of(ResourceControlTest.class.getResource("/functions/resources/index.js").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The container's cgroup in the v1 hierarchy that has {@code file}. */
    private static Path cgroup(Ctr ctr, String id, String file) {
        return CgroupDirs.namespaceRoots(ctr.namespace()).stream().map(root -> root.resolve(id))
                .filter(dir -> Files.exists(dir.resolve(file))).findFirst()
                .orElseThrow(() -> new AssertionError("no cgroup /" + ctr.namespace() + "/" + id + " with " + file));
    }

    /** CPU time used per wall-clock time over {@code window}, from cpuacct.usage (ns). */
    private static double cpuShare(Path cpuacct, Duration window) {
        long used0 = Long.parseLong(read(cpuacct.resolve("cpuacct.usage")));
        long t0 = System.nanoTime();
        Procs.sleep(window);
        long used1 = Long.parseLong(read(cpuacct.resolve("cpuacct.usage")));
        long t1 = System.nanoTime();
        return (used1 - used0) / (double) (t1 - t0);
    }

    private static int indexOf(List<String> lines, String topic, String id) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(topic) && lines.get(i).contains(id)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code ctr task metrics}' METRIC/VALUE table as a map. */
    static Map<String, String> metricTable(String output) {
        Map<String, String> figures = new HashMap<>();
        boolean inTable = false;
        for (String line : output.lines().toList()) {
            List<String> cells = List.of(line.trim().split("\\s+", 2));
            if (cells.size() == 2 && cells.get(0).equals("METRIC")) {
                inTable = true;
            } else if (inTable && cells.size() == 2) {
                figures.put(cells.get(0), cells.get(1).trim());
            }
        }
        return figures;
    }

    private static void remove(Ctr ctr, String id) {
        ctr.run("task", "kill", "-s", "SIGKILL", id).requireSuccess();
        Tasks.awaitStatus(ctr, id, "STOPPED");
        ctr.run("task", "delete", id).requireSuccess();
        ctr.run("container", "delete", id).requireSuccess();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return ""; // the cgroup went away with the task
        }
    }
}
