package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * hearth end to end: functions built from examples/ with {@code hearth build}, run by a real containerd
 * through {@code containerd-shim-hearth-v2}, against each containerd (1.7 or 1.6, and 2.x). Every test ends
 * with a leak check: no worker, daemon, cgroup, mount or FIFO of its own is left.
 */
@IntegrationTest
class HearthRuntimeTest {
    private static final String HELLO = "docker.io/library/hello:latest";
    private static final List<String> TASK_TOPICS = List.of("/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete");

    @AcrossContainerds
    void helloPrintsItsLinesAndExitsZero(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "hello", HELLO);
            LeakCheck before = LeakCheck.take(containerd);

            Ctr.Result run = ctr.run("run", "--rm", "--runtime", Functions.RUNTIME, "--env", "HEARTH_GREETING=integration",
                    HELLO, "hello1").requireSuccess();
            assertEquals(List.of("Hello from hearth!", "The first 10 primes add up to 129.", "Greeting from the environment: integration"),
                    run.stdout().lines().toList(), run.describe("printed"));
            // The namespace's first container started the daemon: its claim waited for the pool's
            // first worker and took it as it said hello, before the worker's preparation for parking.
            List<String> log = containerd.daemonLogLines();
            assertTrue(log.stream().anyMatch(l -> l.contains("container hello1: unprepared worker ")
                    && l.contains("from the pool (claimed as it said hello)")), String.join("\n", log));
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @AcrossContainerds
    void aFunctionSeesTheArgumentsOfCtrRunReadsItsStdinAndImportsItsPackages(ContainerdBinary binary) throws Exception {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Path dir = Files.createDirectories(containerd.scratch("functions").resolve("echo"));
            Files.writeString(dir.resolve("package.json"), "{\"name\": \"echo\", \"type\": \"module\", \"main\": \"index.js\"}");
            Path pkg = Files.createDirectories(dir.resolve("node_modules/@test/lines/dist"));
            Files.writeString(pkg.resolveSibling("package.json"),
                    "{\"name\": \"@test/lines\", \"exports\": {\".\": {\"require\": \"./dist/x.cjs\", \"import\": \"./dist/lines.js\"}}}");
            Files.writeString(pkg.resolve("lines.js"), "export const reversed = (text) => text.trim().split('\\n').reverse().join(',');");
            Path cjs = Files.createDirectories(dir.resolve("node_modules/quote"));
            Files.writeString(cjs.resolve("index.js"), "module.exports = (s) => '<' + s + '>';"); // CommonJS, no package.json
            Files.writeString(dir.resolve("index.js"), """
                    import { reversed } from '@test/lines';
                    import quote from 'quote';
                    let text = '';
                    const decoder = new TextDecoder();
                    for await (const chunk of process.stdin) text += decoder.decode(chunk, { stream: true });
                    console.log(JSON.stringify(process.argv.slice(1)));
                    console.log(quote(reversed(text)));
                    """);
            Functions.buildAndImport(containerd, ctr, dir, "docker.io/library/echo:1");
            Path input = Files.writeString(containerd.scratch("functions").resolve("input"), "first\nsecond\nthird\n");
            LeakCheck before = LeakCheck.take(containerd);

            // ctr run copies its own stdin to the container's: give it a file (CtrProcess gives /dev/null).
            String ctrCommand = String.join(" ", ctr.commandLine("run", "--rm", "--runtime", Functions.RUNTIME,
                    "docker.io/library/echo:1", "echo1", "/app/index.js", "one", "two words").stream()
                    .map(arg -> "'" + arg + "'").toList());
            Ctr.Result run = Ctr.exec(Duration.ofSeconds(60), containerd.scratch("ctr"), "sh", "-c",
                    "exec " + ctrCommand + " < '" + input + "'").requireSuccess();
            assertEquals(List.of("[\"/app/index.js\",\"one\",\"two words\"]", "<third,second,first>"),
                    run.stdout().lines().toList(), run.describe("printed"));
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @AcrossContainerds
    void aFunctionThatThrowsMakesCtrRunExitNonZero(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "throws", "docker.io/library/throws:1");
            LeakCheck before = LeakCheck.take(containerd);

            Ctr.Result run = ctr.run("run", "--rm", "--runtime", Functions.RUNTIME, "docker.io/library/throws:1", "throws1");
            assertNotEquals(0, run.exitCode(), run.describe("should fail"));
            assertEquals(List.of("about to fail"), run.stdout().lines().toList(), run.describe("printed"));
            assertTrue(run.stderr().contains("this function fails on purpose"), run.describe("should show the error on stderr"));
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @AcrossContainerds
    void killEndsAFunctionThatRunsForeverAndDeleteCleansIt(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "forever", "docker.io/library/forever:1");
            LeakCheck before = LeakCheck.take(containerd);

            ctr.run("run", "-d", "--runtime", Functions.RUNTIME, "docker.io/library/forever:1", "forever1").requireSuccess();
            Tasks.awaitStatus(ctr, "forever1", "RUNNING");
            ctr.run("task", "kill", "forever1").requireSuccess(); // SIGTERM
            Tasks.awaitStatus(ctr, "forever1", "STOPPED");
            Ctr.Result deleted = ctr.run("task", "delete", "forever1").requireSuccess();
            assertTrue(deleted.stderr().contains("exit code 143"), deleted.describe("should report 128+SIGTERM"));
            ctr.run("container", "delete", "forever1").requireSuccess();
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @AcrossContainerds
    void workerRunsInTheContainersCgroupWithItsMemoryLimit(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "forever", "docker.io/library/forever:1");
            LeakCheck before = LeakCheck.take(containerd);

            long limit = 512L * 1024 * 1024;
            ctr.run("run", "-d", "--memory-limit", Long.toString(limit), "--runtime", Functions.RUNTIME,
                    "docker.io/library/forever:1", "limited").requireSuccess();
            long pid = Tasks.awaitStatus(ctr, "limited", "RUNNING");
            Path cgroup = CgroupDirs.namespaceRoots(ctr.namespace()).stream()
                    .filter(root -> Files.exists(root.resolve("limited/memory.limit_in_bytes")) || Files.exists(root.resolve("limited/memory.max")))
                    .findFirst().map(root -> root.resolve("limited"))
                    .orElseThrow(() -> new AssertionError("no memory cgroup /" + ctr.namespace() + "/limited"));
            Path limitFile = Files.exists(cgroup.resolve("memory.max")) ? cgroup.resolve("memory.max") : cgroup.resolve("memory.limit_in_bytes");
            assertEquals(Long.toString(limit), read(limitFile), limitFile.toString());
            assertTrue(read(cgroup.resolve("cgroup.procs")).lines().anyMatch(Long.toString(pid)::equals),
                    "the task's pid " + pid + " should be in " + cgroup);

            ctr.run("task", "kill", "-s", "SIGKILL", "limited").requireSuccess();
            Tasks.awaitStatus(ctr, "limited", "STOPPED");
            ctr.run("task", "delete", "limited").requireSuccess();
            ctr.run("container", "delete", "limited").requireSuccess();
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @AcrossContainerds
    void ctrEventsShowsTheFourTaskEventsInOrder(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "hello", HELLO);
            LeakCheck before = LeakCheck.take(containerd);
            try (CtrProcess events = ctr.events()) {
                ctr.run("run", "--rm", "--runtime", Functions.RUNTIME, HELLO, "evented").requireSuccess();
                List<String> lines = events.awaitStdout(l -> TASK_TOPICS.stream().allMatch(t -> indexOf(l, t, "evented") >= 0),
                        Duration.ofSeconds(10));
                List<Integer> order = TASK_TOPICS.stream().map(t -> indexOf(lines, t, "evented")).toList();
                assertEquals(order.stream().sorted().toList(), order, "events out of order:\n" + String.join("\n", lines));
            }
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @AcrossContainerds
    void oneDaemonServesEveryContainerOfTheNamespace(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "forever", "docker.io/library/forever:1");
            LeakCheck before = LeakCheck.take(containerd);

            for (String id : List.of("many1", "many2", "many3")) {
                ctr.run("run", "-d", "--runtime", Functions.RUNTIME, "docker.io/library/forever:1", id).requireSuccess();
            }
            for (String id : List.of("many1", "many2", "many3")) {
                Tasks.awaitStatus(ctr, id, "RUNNING");
            }
            List<Procs.Proc> daemons = shimDaemons(containerd);
            assertEquals(1, daemons.size(), "one shim daemon for the namespace, found: " + daemons);

            for (String id : List.of("many1", "many2", "many3")) {
                ctr.run("task", "kill", "-s", "SIGKILL", id).requireSuccess();
                Tasks.awaitStatus(ctr, id, "STOPPED");
                ctr.run("task", "delete", id).requireSuccess();
                ctr.run("container", "delete", id).requireSuccess();
            }
            LeakCheck.assertNothingLeftSince(before, containerd); // includes the daemon exiting once idle
        }
    }

    @AcrossContainerds
    void whenTheDaemonDiesShimDeleteCleansUpItsTask(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "forever", "docker.io/library/forever:1");
            LeakCheck before = LeakCheck.take(containerd);

            // --null-io: no FIFOs. ctr removes a detached task's FIFOs only when it deletes the task itself, and
            // here containerd may delete it first (after the dead shim's cleanup).
            ctr.run("run", "-d", "--null-io", "--runtime", Functions.RUNTIME, "docker.io/library/forever:1", "orphan").requireSuccess();
            long workerPid = Tasks.awaitStatus(ctr, "orphan", "RUNNING");
            List<Procs.Proc> daemons = shimDaemons(containerd);
            assertEquals(1, daemons.size(), "one shim daemon, found: " + daemons);
            assertTrue(Procs.killAndWait(daemons, Duration.ofSeconds(5)).isEmpty(), "the daemon should die on SIGKILL");

            // containerd sees the connection close, runs `containerd-shim-hearth-v2 delete` and reports the task stopped.
            Tasks.awaitGoneOrStopped(ctr, "orphan");
            ctr.run("task", "delete", "orphan"); // may already be gone: containerd cleans up a dead shim's task itself
            ctr.run("container", "delete", "orphan").requireSuccess();
            // containerd runs the shim's delete for a dead shim in the background: give it time.
            assertTrue(Procs.awaitGone(workerPid, Duration.ofSeconds(15)), "worker " + workerPid + " should be killed by delete");
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @AcrossContainerds
    void outputGoesToAFileWhenCtrAsksForFileLogging(ContainerdBinary binary) throws Exception {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "hello", HELLO);
            LeakCheck before = LeakCheck.take(containerd);
            Path log = containerd.scratch("logs").resolve("hello.log");

            ctr.run("run", "-d", "--log-uri", "file://" + log, "--runtime", Functions.RUNTIME, HELLO, "logged").requireSuccess();
            Tasks.awaitStatus(ctr, "logged", "STOPPED");
            ctr.run("task", "delete", "logged").requireSuccess();
            ctr.run("container", "delete", "logged").requireSuccess();
            assertEquals(List.of("Hello from hearth!", "The first 10 primes add up to 129."), Files.readAllLines(log));
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @AcrossContainerds
    void aTerminalIsRefusedAsInvalidArgument(ContainerdBinary binary) throws Exception {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "hello", HELLO);
            LeakCheck before = LeakCheck.take(containerd);

            // ctr -t needs a terminal of its own: util-linux `script` gives it one.
            String ctrCommand = String.join(" ", ctr.commandLine("run", "--rm", "-t", "--runtime", Functions.RUNTIME, HELLO, "tty1"));
            Ctr.Result run = Ctr.exec(Duration.ofSeconds(60), containerd.scratch("tty"), "script", "-qefc", ctrCommand, "/dev/null");
            assertNotEquals(0, run.exitCode(), run.describe("should be refused"));
            String said = run.stdout().toLowerCase();
            assertTrue(said.contains("terminal"), run.describe("should say that terminals are refused"));
            if (binary.majorVersion() < 2) { // ctr 1.x shows the gRPC code; 2.x prints the message alone
                assertTrue(said.contains("invalid argument"), run.describe("should be an InvalidArgument"));
            }
            ctr.run("container", "delete", "tty1"); // ctr run --rm leaves nothing when create fails; make sure
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    /** The shim daemons started for this containerd (they carry its HEARTH_RUN_DIR). */
    private static List<Procs.Proc> shimDaemons(Containerd containerd) {
        return Procs.matching(p -> p.cmdline().contains("dev.hearth.shim.ShimDaemon") && p.mentions(containerd.hearthRunDir().toString()));
    }

    private static int indexOf(List<String> lines, String topic, String id) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" " + topic + " ") && lines.get(i).contains("\"" + id + "\"")) {
                return i;
            }
        }
        return -1;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
