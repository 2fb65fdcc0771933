package dev.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.cgroups.CgroupException;
import dev.hearth.launcher.protocol.ControlServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm pool with real worker JVMs: hits, misses, refill, one container per worker, nothing left behind. */
class WorkerPoolTest {

    private static final Duration WAIT = Duration.ofSeconds(120); // JVM boots on a busy 2-core machine

    @TempDir
    Path tmp;
    final List<String> log = new CopyOnWriteArrayList<>();
    WorkerLauncher launcher;

    @AfterEach
    void nothingIsLeftRunning() throws Exception {
        if (launcher != null) {
            launcher.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
    }

    private WorkerLauncher launcher(int size, PoolSlots slots, Duration refillDelay) throws IOException {
        return new WorkerLauncher(WorkerLauncher.Settings.defaults()
                .withPool(new WorkerLauncher.Pool(size, slots, refillDelay)).withLog(log::add));
    }

    private FunctionSpec spec(String id, String code, Path stdout, CgroupSpec cgroup) throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve(id));
        Files.writeString(rootfs.resolve("main.js"), code);
        return new FunctionSpec(id, rootfs, rootfs.resolve("main.js"), List.of(), Map.of(), "/",
                new Stdio("", "file://" + stdout, ""), cgroup, null);
    }

    private static int run(FunctionProcess process) throws Exception {
        process.start();
        return process.exited().get(WAIT.toSeconds(), TimeUnit.SECONDS).status();
    }

    /** The pids of this JVM's live children: with no function running, the parked workers. */
    private static List<Long> children() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).sorted().toList();
    }

    @Test
    void createTakesTheParkedWorkerThenThePoolRefillsWithAFreshOne() throws Exception {
        launcher = launcher(1, null, Duration.ZERO);
        assertTrue(launcher.awaitWarmWorkers(1, WAIT), log.toString());
        List<Long> parked = children();
        assertEquals(1, parked.size());

        Path outA = tmp.resolve("a.out");
        FunctionProcess a = launcher.create(spec("a", "console.log('I am A')", outA, null));
        assertEquals(parked.getFirst(), a.pid(), "the parked worker serves the container");
        assertTrue(log.contains("container a: warm worker " + a.pid() + " from the pool, heap 128 MiB"), log.toString());
        assertEquals(0, run(a));
        assertEquals("I am A\n", Files.readString(outA));

        assertTrue(launcher.awaitWarmWorkers(1, WAIT), log.toString());
        Path outB = tmp.resolve("b.out");
        FunctionProcess b = launcher.create(spec("b", "console.log(typeof globalThis.leftByA)", outB, null));
        assertNotEquals(a.pid(), b.pid(), "a worker never serves a second container");
        assertEquals(0, run(b));
        assertEquals("undefined\n", Files.readString(outB));
    }

    @Test
    void aClaimWhileThePoolBootsItsFirstWorkerWaitsForThatWorker() throws Exception {
        launcher = launcher(1, null, Duration.ofHours(1)); // one boot, started at once; no refill after it
        Path out = tmp.resolve("out");
        FunctionProcess process = launcher.create(spec("early", "console.log('early')", out, null));
        // It said hello while the claim waited: the claim took it without the preparation for parking.
        assertTrue(log.contains("container early: unprepared worker " + process.pid() + " from the pool (claimed as it said hello),"
                + " heap 128 MiB"), log.toString());
        assertFalse(log.stream().anyMatch(l -> l.contains("pool empty")), log.toString());
        assertEquals(List.of(process.pid()), children(), "no second JVM was booted beside the pool's");
        assertEquals(0, run(process));
        assertEquals("early\n", Files.readString(out));
    }

    @Test
    void aWarmWorkerJoinsThePodsNetworkNamespaceOnItsMainThread() throws Exception {
        Path netns = Files.createFile(tmp.resolve("netns"));
        assertEquals(0, new ProcessBuilder("unshare", "--net=" + netns, "true").inheritIO().start().waitFor());
        try {
            launcher = launcher(1, null, Duration.ofHours(1));
            assertTrue(launcher.awaitWarmWorkers(1, WAIT), log.toString());
            Path rootfs = Files.createDirectories(tmp.resolve("pod"));
            Files.writeString(rootfs.resolve("main.js"), "console.log('in the pod')");
            Path out = tmp.resolve("pod.out");
            FunctionProcess process = launcher.create(new FunctionSpec("pod", rootfs, rootfs.resolve("main.js"), List.of(), Map.of(), "/",
                    new Stdio("", "file://" + out, ""), null, new PodNetwork(netns.toString(), null)));
            assertTrue(log.contains("container pod: warm worker " + process.pid() + " from the pool, heap 128 MiB"), log.toString());
            // setns is per thread: the function's thread (the JVM's main thread, not the process
            // leader the launcher left waiting) is the pod's.
            String pod = "net:[" + Files.getAttribute(netns, "unix:ino") + "]";
            assertTrue(WorkerLauncherTest.threadNamespaces(process.pid()).contains(pod),
                    WorkerLauncherTest.threadNamespaces(process.pid()) + " should include " + pod);
            assertEquals(0, run(process));
            assertEquals("in the pod\n", Files.readString(out));
        } finally {
            new ProcessBuilder("umount", netns.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void emptyPoolBootsAWorkerForTheContainer() throws Exception {
        launcher = launcher(1, null, Duration.ofHours(1)); // fills once, then does not refill within this test
        assertTrue(launcher.awaitWarmWorkers(1, WAIT), log.toString());
        FunctionProcess hit = launcher.create(spec("hit", "console.log('warm start')", tmp.resolve("hit.out"), null));
        Path out = tmp.resolve("out");
        FunctionProcess process = launcher.create(spec("cold", "console.log('cold start')", out, null));
        assertTrue(log.contains("container cold: pool empty, booting a worker"), log.toString());
        assertNotEquals(hit.pid(), process.pid());
        assertEquals(0, run(process));
        assertEquals(0, run(hit));
        assertEquals("cold start\n", Files.readString(out));
        assertEquals("warm start\n", Files.readString(tmp.resolve("hit.out")));
        assertEquals(0, launcher.warmWorkers());
    }

    @Test
    void aContainerWhoseHeapExceedsThePoolReserveGetsAWorkerSizedForIt() throws Exception {
        launcher = launcher(1, null, Duration.ZERO);
        assertTrue(launcher.awaitWarmWorkers(1, WAIT), log.toString());
        List<Long> parked = children();
        List<Long> moved = new CopyOnWriteArrayList<>();
        CgroupSpec big = new FakeCgroups("/hearth/big", 4400 * WorkerMemory.MIB, moved::add).spec;
        FunctionProcess process = launcher.create(spec("big", "console.log('big')", tmp.resolve("out"), big));
        assertFalse(parked.contains(process.pid()));
        assertEquals(List.of(process.pid()), moved, "booted inside the container's cgroup");
        String cmdline = ProcessHandle.of(process.pid()).orElseThrow().info().arguments().map(List::of).orElse(List.of()).toString();
        assertTrue(cmdline.contains("-Xmx4304m"), "4400 MiB limit - 96 MiB overhead: " + cmdline);
        assertEquals(1, launcher.warmWorkers(), "the parked worker stays for a container it fits");
        assertEquals(0, run(process));
    }

    @Test
    void aPoolWorkerIsHeldToItsContainersHeap() throws Exception {
        launcher = launcher(1, null, Duration.ofHours(1));
        assertTrue(launcher.awaitWarmWorkers(1, WAIT), log.toString());
        long parked = children().getFirst();
        CgroupSpec small = new FakeCgroups("/hearth/small", 150 * WorkerMemory.MIB, pid -> { }).spec;
        Path out = tmp.resolve("out");
        // Live data grows past 54 MiB (150 - 96): with the pool's 4 GiB -Xmx only the budget stops it.
        FunctionProcess process = launcher.create(spec("small", """
                const kept = [];
                console.log('allocating');
                setInterval(() => { for (let i = 0; i < 8; i++) kept.push(new Array(1 << 16).fill(kept.length)); }, 1);
                """, out, small));
        assertEquals(parked, process.pid(), "a small limit takes the parked worker");
        assertTrue(log.contains("container small: warm worker " + parked + " from the pool, heap 54 MiB"), log.toString());
        assertEquals(137, run(process));
        assertTrue(process.outOfMemory().getNow("none").startsWith("hearth: the function ran out of memory: heap limit 54 MiB ("),
                process.outOfMemory().getNow("none"));
        assertEquals("allocating\n", Files.readString(out));
    }

    @Test
    void closeKillsParkedWorkers() throws Exception {
        launcher = launcher(2, null, Duration.ZERO);
        assertTrue(launcher.awaitWarmWorkers(2, WAIT), log.toString());
        List<ProcessHandle> parked = ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
        assertEquals(2, parked.size());
        launcher.close();
        launcher = null;
        assertTrue(parked.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void parkedWorkerExitsWhenItsControlConnectionCloses() throws Exception {
        // What happens to a pool when its daemon dies: the kernel closes the daemon's end.
        try (ControlServer control = ControlServer.listen(tmp.resolve("control.sock"), log::add)) {
            WorkerBooter booter = new WorkerBooter(control, WAIT, log::add);
            BootedWorker worker = booter.boot("test", WorkerCommand.defaults(), null);
            assertTrue(worker.process().isAlive());
            worker.control().close();
            assertTrue(worker.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(3, worker.process().exitValue(), "EXIT_CONTROL_LOST");
        }
    }

    @Test
    void refillBacksOffAfterFailures() {
        assertEquals(Duration.ofSeconds(1), WorkerPool.backoff(1));
        assertEquals(Duration.ofSeconds(8), WorkerPool.backoff(4));
        assertEquals(Duration.ofSeconds(60), WorkerPool.backoff(30));
    }

    @Test
    void claimedWorkerIsInTheContainersCgroupWhenCreateReturns() throws Exception {
        launcher = launcher(1, null, Duration.ofHours(1));
        assertTrue(launcher.awaitWarmWorkers(1, WAIT), log.toString());
        List<Long> moved = new CopyOnWriteArrayList<>();
        // A move slower than the load (the kernel's migration can wait for an RCU grace period):
        // create() must still wait for it.
        CgroupSpec slow = new FakeCgroups("/hearth/test", null, pid -> {
            Thread.sleep(500);
            moved.add(pid);
        }).spec;
        Path out = tmp.resolve("out");
        FunctionProcess process = launcher.create(spec("slow", "console.log('moved')", out, slow));
        assertEquals(List.of(process.pid()), moved, "moved before create returned");
        assertFalse(Files.exists(out) && !Files.readString(out).isEmpty(), "nothing of the function ran before Start");
        assertEquals(0, run(process));
        assertEquals("moved\n", Files.readString(out));
    }

    @Test
    void failedMoveOfAClaimedWorkerFailsCreateAndKillsIt() throws Exception {
        launcher = launcher(1, null, Duration.ofHours(1));
        assertTrue(launcher.awaitWarmWorkers(1, WAIT), log.toString());
        long parked = children().getFirst();
        FakeCgroups full = new FakeCgroups("/hearth/test", null, pid -> {
            throw new CgroupException("cgroup.procs: no space left on device");
        });
        LaunchException e = assertThrows(LaunchException.class,
                () -> launcher.create(spec("full", "console.log('never')", tmp.resolve("out"), full.spec)));
        assertEquals("container full: cannot move worker " + parked + " into cgroup /hearth/test: cgroup.procs: no space left on device",
                e.getMessage());
        assertFalse(ProcessHandle.of(parked).map(ProcessHandle::isAlive).orElse(false), "the claimed worker is killed");
        assertEquals(List.of("create", "addProcess " + parked, "destroy"), full.calls, "the cgroup made for it is removed");
    }
}
