package dev.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.cgroups.CgroupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: real worker JVMs running GraalJS, started by the launcher the shim uses. */
class WorkerLauncherTest {

    private static final long WAIT_SECONDS = 120; // a worker JVM boot on a busy 2-core machine

    @TempDir
    Path tmp;
    Path rootfs;
    final List<String> log = new CopyOnWriteArrayList<>();
    WorkerLauncher launcher;

    @BeforeEach
    void setUp() throws IOException {
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        launcher = new WorkerLauncher(WorkerLauncher.Settings.defaults().withLog(log::add));
    }

    @AfterEach
    void nothingIsLeftRunning() throws Exception {
        Path socketDir = launcher.controlSocket().getParent();
        launcher.close();
        assertFalse(Files.exists(socketDir), "the private control socket dir is removed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
    }

    private Path write(String path, String content) throws IOException {
        Path file = rootfs.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private FunctionSpec spec(String entry, Map<String, String> env, Stdio stdio) {
        return new FunctionSpec("c-" + entry.replace('/', '-'), rootfs, rootfs.resolve(entry), List.of(),
                env, "/", stdio, null, null);
    }

    private static ExitStatus awaitExit(FunctionProcess process) throws Exception {
        return process.exited().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Reads a FIFO to its end on another thread; opening blocks until the worker opens it. */
    private static CompletableFuture<String> drain(Path fifo) {
        CompletableFuture<String> content = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> { // opening a FIFO would pin a virtual thread
            try {
                content.complete(Files.readString(fifo));
            } catch (IOException e) {
                content.completeExceptionally(e);
            }
        });
        return content;
    }

    @Test
    void scriptWithFileUrisExitsZero() throws Exception {
        write("app/hello.js", "console.log('hello', process.env.WHO); console.error('to stderr'); setTimeout(() => console.log('later'), 10);");
        Path out = tmp.resolve("out.log");
        Path err = tmp.resolve("err.log");
        Instant before = Instant.now();
        FunctionProcess process = launcher.create(spec("app/hello.js", Map.of("WHO", "world"),
                new Stdio("", out.toUri().toString(), "file://" + err)));
        assertTrue(ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(process.exited().isDone(), "nothing runs before start");
        process.start();
        ExitStatus status = awaitExit(process);
        assertEquals(0, status.status(), Files.readString(err));
        assertFalse(status.exitedAt().isBefore(before));
        assertEquals("hello world\nlater\n", Files.readString(out));
        assertEquals("to stderr\n", Files.readString(err));
        assertThrows(LaunchException.class, process::start, "a function starts once");
    }

    /** The network namespaces of a process's threads (setns moves one thread). */
    static java.util.Set<String> threadNamespaces(long pid) throws java.io.IOException {
        java.util.Set<String> namespaces = new java.util.TreeSet<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                namespaces.add(Files.readSymbolicLink(task.resolve("ns/net")).toString());
            }
        }
        return namespaces;
    }

    @Test
    void aWorkerForAPodLivesInThePodsNetworkNamespace() throws Exception {
        // A persistent network namespace, as the CRI makes one for a pod: unshare binds it to a file.
        Path netns = Files.createFile(tmp.resolve("netns"));
        Process unshare = new ProcessBuilder("unshare", "--net=" + netns, "true").inheritIO().start();
        assertEquals(0, unshare.waitFor(), "unshare --net=" + netns);
        try {
            write("app/wait.js", "setTimeout(() => console.log('done'), 200);");
            Path out = tmp.resolve("netns.out");
            FunctionSpec podSpec = new FunctionSpec("pod-fn", rootfs, rootfs.resolve("app/wait.js"), List.of(), Map.of(), "/",
                    new Stdio("", "file://" + out, ""), null, new PodNetwork(netns.toString(), null));
            FunctionProcess process = launcher.create(podSpec);
            String pod = "net:[" + Files.getAttribute(netns, "unix:ino") + "]";
            assertTrue(threadNamespaces(process.pid()).contains(pod), threadNamespaces(process.pid()) + " should include " + pod);
            process.start();
            assertEquals(0, awaitExit(process).status());
            assertEquals("done\n", Files.readString(out));
        } finally {
            new ProcessBuilder("umount", netns.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void aFunctionThatExhaustsItsHeapSaysSoAndExits137AfterReportingTheOom() throws Exception {
        launcher.close();
        launcher = new WorkerLauncher(WorkerLauncher.Settings.defaults().withLog(log::add)
                .withMemory(WorkerMemory.defaults().withDefaultHeap(48 * WorkerMemory.MIB)));
        write("app/hog.js", "const kept = []; console.log('allocating');\n"
                + "while (true) { kept.push(new Array(1 << 16).fill(kept.length)); }\n");
        Path out = tmp.resolve("out.log");
        Path err = tmp.resolve("err.log");
        FunctionProcess process = launcher.create(spec("app/hog.js", Map.of(), new Stdio("", "file://" + out, "file://" + err)));
        List<String> order = new CopyOnWriteArrayList<>();
        process.outOfMemory().thenRun(() -> order.add("oom"));
        process.exited().thenRun(() -> order.add("exit"));
        process.start();
        assertEquals(137, awaitExit(process).status(), Files.readString(err));
        assertEquals("hearth: the function ran out of memory: heap limit ", process.outOfMemory().getNow("none").substring(0, 51));
        assertTrue(Files.readString(err).contains("hearth: the function ran out of memory: heap limit "), Files.readString(err));
        assertEquals("allocating\n", Files.readString(out));
        assertEquals(List.of("oom", "exit"), order, "the OOM report comes before the exit");
    }

    @Test
    void aFunctionThatEndsNormallyReportsNoOom() throws Exception {
        write("app/fine.js", "console.log('fine');");
        FunctionProcess process = launcher.create(spec("app/fine.js", Map.of(), new Stdio("", "", "")));
        process.start();
        assertEquals(0, awaitExit(process).status());
        assertFalse(process.outOfMemory().isDone());
    }

    @Test
    void moduleThatThrowsWritesItsStackToTheStderrFifoAndExitsOne() throws Exception {
        write("app/lib.mjs", "export function fail() {\n  throw new Error('kaput');\n}\n");
        write("app/main.js", "import { fail } from './lib.mjs';\nconsole.log('about to fail');\nfail();\n");
        Path out = Fifo.make(tmp.resolve("out.fifo"));
        Path err = Fifo.make(tmp.resolve("err.fifo"));
        CompletableFuture<String> stdout = drain(out);
        CompletableFuture<String> stderr = drain(err);
        FunctionProcess process = launcher.create(spec("app/main.js", Map.of(), new Stdio("", out.toString(), err.toString())));
        process.start();
        assertEquals(1, awaitExit(process).status());
        // The worker held the write ends; its exit closes them, so the readers see EOF.
        assertEquals("about to fail\n", stdout.get(10, TimeUnit.SECONDS));
        String error = stderr.get(10, TimeUnit.SECONDS);
        assertTrue(error.startsWith("Uncaught Error: kaput\n    at fail (/app/lib.mjs:2:"), error);
        assertTrue(error.contains("/app/main.js:3:"), error);
    }

    @Test
    void unhandledRejectionExitsOne() throws Exception {
        write("main.mjs", "await null;\nPromise.reject(new TypeError('nobody listens'));\n");
        Path err = tmp.resolve("err.log");
        FunctionProcess process = launcher.create(spec("main.mjs", Map.of(), new Stdio("", "", "file://" + err)));
        process.start();
        assertEquals(1, awaitExit(process).status());
        assertTrue(Files.readString(err).contains("TypeError: nobody listens"), Files.readString(err));
    }

    @Test
    void syntaxErrorFailsCreateWithFileAndLineAndLeavesNoWorker() throws Exception {
        write("app/bad.mjs", "export const fine = 1;\nexport const broken = ;\n");
        LaunchException e = assertThrows(LaunchException.class,
                () -> launcher.create(spec("app/bad.mjs", Map.of(), new Stdio("", "", ""))));
        assertTrue(e.getMessage().startsWith("container c-app-bad.mjs: SyntaxError: /app/bad.mjs:2:"), e.getMessage());
    }

    @Test
    void longRunningFunctionIsEndedBySigkillWith137() throws Exception {
        write("forever.js", "let n = 0; setInterval(() => console.log('tick', ++n), 20);");
        Path out = tmp.resolve("out.log");
        FunctionProcess process = launcher.create(spec("forever.js", Map.of(), new Stdio("", "file://" + out, "")));
        process.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!(Files.exists(out) && Files.readString(out).contains("tick 3")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.readString(out).startsWith("tick 1\ntick 2\ntick 3\n"), Files.readString(out));
        assertFalse(process.exited().isDone());
        assertTrue(ProcessHandle.of(process.pid()).orElseThrow().destroyForcibly());
        ExitStatus status = awaitExit(process);
        assertEquals(137, status.status());
        assertNotNull(status.exitedAt());
    }

    @Test
    void missingEntrypointFailsCreate() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> launcher.create(spec("nope.js", Map.of(), new Stdio("", "", ""))));
        assertTrue(e.getMessage().contains("nope.js"), e.getMessage());
    }

    @Test
    void fifoWithoutAReaderTimesOutAndTheWorkerIsKilled() throws Exception {
        launcher.close();
        Path socketDir = tmp.resolve("state/workers");
        launcher = new WorkerLauncher(WorkerLauncher.Settings.defaults().withSocketDir(socketDir)
                .withLoadTimeout(Duration.ofSeconds(3)).withLog(log::add));
        assertEquals(socketDir.resolve("control.sock"), launcher.controlSocket());
        write("main.js", "console.log('x')");
        Path lonely = Fifo.make(tmp.resolve("nobody-reads.fifo"));
        LaunchException e = assertThrows(LaunchException.class,
                () -> launcher.create(spec("main.js", Map.of(), new Stdio("", lonely.toString(), ""))));
        assertTrue(e.getMessage().contains("did not load"), e.getMessage());
        launcher.close();
        assertFalse(Files.exists(socketDir.resolve("control.sock")));
        assertTrue(Files.isDirectory(socketDir), "a given socket dir belongs to the caller");
        launcher = new WorkerLauncher(WorkerLauncher.Settings.defaults().withLog(log::add)); // for the @AfterEach
    }

    @Test
    void workerThatDiesDuringBootIsReportedWithItsOutput() throws Exception {
        launcher.close();
        WorkerLauncher.Settings defaults = WorkerLauncher.Settings.defaults();
        WorkerCommand broken = new WorkerCommand(defaults.command().java(), defaults.command().classpath(),
                List.of("-XX:+NoSuchHearthOption"));
        launcher = new WorkerLauncher(defaults.withCommand(broken).withLog(log::add));
        write("main.js", "console.log('x')");
        LaunchException e = assertThrows(LaunchException.class,
                () -> launcher.create(spec("main.js", Map.of(), new Stdio("", "", ""))));
        assertTrue(e.getMessage().contains("exited during boot"), e.getMessage());
        assertTrue(e.getMessage().contains("NoSuchHearthOption"), e.getMessage());
        assertTrue(log.stream().anyMatch(line -> line.startsWith("worker ") && line.contains("NoSuchHearthOption")), log.toString());
    }

    /**
     * A cgroup that records each move with whether the worker was alive and had been sent Load
     * (the worker opens its stdout only on Load: no file yet means no Load yet).
     */
    private static FakeCgroups recordingCgroup(Path stdoutFile, boolean fail, List<String> moves) {
        return new FakeCgroups("/hearth/test", null, pid -> {
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            moves.add("addProcess alive=" + alive + " loadSent=" + Files.exists(stdoutFile));
            if (fail) {
                throw new CgroupException("cgroup.procs: no space left on device");
            }
        });
    }

    @Test
    void workerIsMovedIntoTheCgroupBeforeLoad() throws Exception {
        write("main.js", "console.log('in cgroup')");
        Path out = tmp.resolve("out.log");
        List<String> moves = new CopyOnWriteArrayList<>();
        FunctionSpec spec = new FunctionSpec("cg", rootfs, rootfs.resolve("main.js"), List.of(), Map.of(), "/",
                new Stdio("", "file://" + out, ""), recordingCgroup(out, false, moves).spec, null);
        FunctionProcess process = launcher.create(spec);
        assertEquals(List.of("addProcess alive=true loadSent=false"), moves);
        process.start();
        assertEquals(0, awaitExit(process).status());
        assertEquals("in cgroup\n", Files.readString(out));
    }

    @Test
    void cgroupFailureFailsCreateAndKillsTheWorker() throws Exception {
        write("main.js", "console.log('never')");
        Path out = tmp.resolve("out.log");
        FunctionSpec spec = new FunctionSpec("cg", rootfs, rootfs.resolve("main.js"), List.of(), Map.of(), "/",
                new Stdio("", "file://" + out, ""), recordingCgroup(out, true, new CopyOnWriteArrayList<>()).spec, null);
        LaunchException e = assertThrows(LaunchException.class, () -> launcher.create(spec));
        assertEquals("container cg: cannot move worker " + e.getMessage().replaceAll("\\D*(\\d+).*", "$1")
                + " into cgroup /hearth/test: cgroup.procs: no space left on device", e.getMessage().lines().findFirst().orElseThrow());
        assertFalse(Files.exists(out));
    }
}
