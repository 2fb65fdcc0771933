package dev.hearth.shim;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.hearth.launcher.Fifo;
import dev.hearth.shim.proto.eventsservice.ForwardRequest;
import dev.hearth.shim.proto.task.CreateTaskRequest;
import dev.hearth.shim.proto.task.CreateTaskResponse;
import dev.hearth.shim.proto.task.DeleteRequest;
import dev.hearth.shim.proto.task.DeleteResponse;
import dev.hearth.shim.proto.task.KillRequest;
import dev.hearth.shim.proto.task.PidsRequest;
import dev.hearth.shim.proto.task.PidsResponse;
import dev.hearth.shim.proto.task.ShutdownRequest;
import dev.hearth.shim.proto.task.StartRequest;
import dev.hearth.shim.proto.task.StartResponse;
import dev.hearth.shim.proto.task.StateRequest;
import dev.hearth.shim.proto.task.StateResponse;
import dev.hearth.shim.proto.task.StatsRequest;
import dev.hearth.shim.proto.task.StatsResponse;
import dev.hearth.shim.proto.task.WaitRequest;
import dev.hearth.shim.proto.task.WaitResponse;
import dev.hearth.shim.proto.types.Mount;
import dev.hearth.shim.ttrpc.TtrpcClient;
import dev.hearth.shim.ttrpc.TtrpcException;
import dev.hearth.shim.ttrpc.TtrpcServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The training run of the shim daemon's AOT cache ({@code lib/hearth-daemon.aot}): plays
 * containerd toward a daemon that runs with {@code -XX:AOTCacheOutput}, so that the cache holds
 * what a container's life runs in the daemon, not only its boot. Without it a namespace's first
 * container ran all of that cold (the spec's JSON binding, the rootfs mount, the cgroups, the
 * claim, the task API's messages, the exit and the cleanup): ~150 ms on its critical path after
 * its worker had loaded, measured in a private containerd.
 *
 * <p>It serves containerd's event service on the daemon's {@code --ttrpc-address} (the daemon
 * publishes every task event there), waits until the daemon listens, then runs containers as
 * ctr does, each on a bundle of its own with an overlay rootfs, FIFOs for stdio and a cgroup
 * under {@code /<namespace>/<id>}: one that exits by itself (Create, Wait, Start, State, Delete,
 * Shutdown), the same again once the pool has a parked worker (a warm claim), and one that
 * serves until a Kill (Pids, Stats, Kill, Wait, Delete). It needs root, as the daemon does;
 * elsewhere the containers fail, the daemon's cache then holds its boot only, and this exits 1.
 *
 * <p>Usage (scripts/aot-cache.sh): {@code DaemonTraining <daemon-state-dir> <events-socket> <namespace>}.
 */
public final class DaemonTraining {

    private static final String TASKS = "containerd.task.v2.Task";
    private static final String EVENTS = "containerd.services.events.ttrpc.v1.Events";
    private static final Duration CALL = Duration.ofSeconds(60);
    /** The containers {@link #run} runs, and what the daemon publishes for each: create, start, exit, delete. */
    private static final int CONTAINERS = 3;
    private static final int EVENTS_PER_CONTAINER = 4;
    /** A pool worker boots in about a second here; twice that leaves it parked for the warm claim. */
    private static final Duration POOL_REFILL = Duration.ofSeconds(3);

    private final Path stateDir;
    private final String namespace;
    private final Path bundles;
    private TtrpcClient daemon;
    /** Containers created and not yet deleted. */
    private final List<String> created = new ArrayList<>();

    private DaemonTraining(Path stateDir, String namespace) {
        this.stateDir = stateDir;
        this.namespace = namespace;
        this.bundles = stateDir.resolve("training-bundles");
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: " + DaemonTraining.class.getName() + " <daemon-state-dir> <events-socket> <namespace>");
            System.exit(2);
        }
        AtomicInteger events = new AtomicInteger();
        int code = 0;
        try (TtrpcServer eventSink = new TtrpcServer(Path.of(args[1]))) {
            eventSink.register(EVENTS, "Forward", ForwardRequest.parser(), r -> {
                events.incrementAndGet();
                return Empty.getDefaultInstance();
            });
            eventSink.start();
            try {
                new DaemonTraining(Path.of(args[0]), args[2]).run();
                // The daemon publishes on a thread of its own: wait for the last events, so that
                // their delivery is in the cache too and the count below is all of them.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (events.get() < EVENTS_PER_CONTAINER * CONTAINERS && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } catch (IOException | TtrpcException | ExecutionException | TimeoutException e) {
                System.err.println("hearth-aot-cache: the daemon's training containers failed (its cache holds its boot only): " + e);
                code = 1;
            }
        }
        System.out.println("daemon training: " + events + " task events published");
        System.exit(code);
    }

    private void run() throws Exception {
        awaitListening(Duration.ofSeconds(60));
        try (TtrpcClient client = TtrpcClient.connect(stateDir.resolve("shim.sock"))) {
            daemon = client;
            try {
                runToExit("training-1"); // claims the pool's first worker as it says hello
                Thread.sleep(POOL_REFILL.toMillis());
                runToExit("training-2"); // a warm claim: the pool now keeps its worker beside the containers
                runUntilKilled("training-3");
            } finally {
                removeLeftovers();
            }
        }
    }

    /**
     * After a failure, kills and deletes the containers still known to the daemon: a SIGTERM
     * leaves a daemon's running containers to containerd's cleanup, and there is no containerd here.
     */
    private void removeLeftovers() {
        for (String id : created) {
            try {
                call("Kill", KillRequest.newBuilder().setId(id).setSignal(9).setAll(true).build(), Empty.parser());
            } catch (IOException | TtrpcException e) {
                // exited already, or never started
            }
            try {
                call("Delete", DeleteRequest.newBuilder().setId(id).build(), DeleteResponse.parser());
            } catch (IOException | TtrpcException e) {
                System.err.println("hearth-aot-cache: cannot delete training container " + id + ": " + e.getMessage());
            }
        }
    }

    /** {@code ctr run --rm}: a function that prints and exits. */
    private void runToExit(String id) throws Exception {
        Container c = create(id, "once");
        CompletableFuture<WaitResponse> exit = waitFor(id);
        call("Start", StartRequest.newBuilder().setId(id).build(), StartResponse.parser());
        int status = exit.get(CALL.toSeconds(), TimeUnit.SECONDS).getExitStatus();
        call("State", StateRequest.newBuilder().setId(id).build(), StateResponse.parser());
        delete(c, status);
    }

    /** {@code ctr run -d} then {@code ctr task kill}: a function that runs until SIGTERM. */
    private void runUntilKilled(String id) throws Exception {
        Container c = create(id, "serve");
        CompletableFuture<WaitResponse> exit = waitFor(id);
        call("Start", StartRequest.newBuilder().setId(id).build(), StartResponse.parser());
        c.firstLine().get(CALL.toSeconds(), TimeUnit.SECONDS); // running: a Kill before this would end it unheard
        call("Pids", PidsRequest.newBuilder().setId(id).build(), PidsResponse.parser());
        call("Stats", StatsRequest.newBuilder().setId(id).build(), StatsResponse.parser());
        call("Kill", KillRequest.newBuilder().setId(id).setSignal(15).build(), Empty.parser());
        exit.get(CALL.toSeconds(), TimeUnit.SECONDS);
        delete(c, -1);
    }

    /** A bundle as containerd lays one out for ctr, and the Create of its task. */
    private Container create(String id, String mode) throws IOException, TtrpcException {
        Path bundle = Files.createDirectories(bundles.resolve(id));
        Path lower = Files.createDirectories(bundle.resolve("layer/app"));
        Files.writeString(lower.resolve("index.mjs"), FUNCTION);
        Path upper = Files.createDirectories(bundle.resolve("snapshot/fs"));
        Path work = Files.createDirectories(bundle.resolve("snapshot/work"));
        Files.writeString(bundle.resolve("config.json"), spec(id, mode));
        Path stdout = Fifo.make(bundle.resolve("stdout"));
        Path stderr = Fifo.make(bundle.resolve("stderr"));
        Container c = new Container(id, new CompletableFuture<>(), new CompletableFuture<>(), Fifo.readAll(stderr));
        readLines(stdout, c);
        call("Create", CreateTaskRequest.newBuilder().setId(id).setBundle(bundle.toString())
                .addRootfs(Mount.newBuilder().setType("overlay").setSource("overlay")
                        .addOptions("index=off")
                        .addOptions("workdir=" + work).addOptions("upperdir=" + upper)
                        .addOptions("lowerdir=" + lower.getParent()))
                .setStdout(stdout.toString()).setStderr(stderr.toString()).build(),
                CreateTaskResponse.parser());
        created.add(id);
        return c;
    }

    /** Deletes the task and checks what the function printed (the bundle goes with the caller's work directory). */
    private void delete(Container c, int expectedStatus) throws Exception {
        DeleteResponse deleted = call("Delete", DeleteRequest.newBuilder().setId(c.id()).build(), DeleteResponse.parser());
        created.remove(c.id());
        call("Shutdown", ShutdownRequest.newBuilder().setId(c.id()).build(), Empty.parser());
        String out = c.stdout().get(10, TimeUnit.SECONDS);
        c.stderr().get(10, TimeUnit.SECONDS);
        if (expectedStatus >= 0 && deleted.getExitStatus() != expectedStatus || !out.contains("trained " + c.id())) {
            throw new IOException("container " + c.id() + " exited " + deleted.getExitStatus() + " printing: " + out);
        }
    }

    private CompletableFuture<WaitResponse> waitFor(String id) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call("Wait", WaitRequest.newBuilder().setId(id).build(), WaitResponse.parser());
            } catch (IOException | TtrpcException e) {
                throw new IllegalStateException("Wait " + id + ": " + e.getMessage(), e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    private <R extends Message> R call(String method, Message request, Parser<R> parser) throws IOException, TtrpcException {
        return daemon.call(TASKS, method, request, parser, CALL, Map.of("containerd-namespace-ttrpc", namespace));
    }

    /** The daemon writes daemon.pid once its socket listens. */
    private void awaitListening(Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!Files.exists(stateDir.resolve("daemon.pid"))) {
            if (System.nanoTime() > deadline) throw new IOException("the daemon did not listen within " + within.toSeconds() + " s");
            Thread.sleep(50);
        }
    }

    /** What a container printed: its first line as soon as it is there, all of it at the end. */
    private record Container(String id, CompletableFuture<String> firstLine, CompletableFuture<String> stdout,
            CompletableFuture<String> stderr) {}

    /** Reads a container's stdout FIFO on a thread of its own (a FIFO's open would pin a virtual one). */
    private static void readLines(Path fifo, Container c) {
        Thread.ofPlatform().daemon().start(() -> {
            StringBuilder all = new StringBuilder();
            try (var reader = Files.newBufferedReader(fifo)) {
                for (String line; (line = reader.readLine()) != null; ) {
                    c.firstLine().complete(line);
                    all.append(line).append('\n');
                }
                c.firstLine().complete("");
                c.stdout().complete(all.toString());
            } catch (IOException e) {
                c.firstLine().completeExceptionally(e);
                c.stdout().completeExceptionally(e);
            }
        });
    }

    /** Reads its arguments and environment, awaits a timer, prints; "serve" then runs until it is killed. */
    private static final String FUNCTION = """
            const [mode] = process.argv.slice(2);
            await new Promise((resolve) => setTimeout(resolve, 1));
            console.log(`trained ${process.env.CONTAINER} ${mode}`);
            if (mode === 'serve') setInterval(() => {}, 1000);
            """;

    /** An OCI runtime spec with the kinds of fields ctr's default spec has (capabilities, mounts, devices, namespaces). */
    private String spec(String id, String mode) {
        return """
                {"ociVersion":"1.1.0",
                 "process":{"user":{"uid":0,"gid":0},"args":["/app/index.mjs","%2$s"],
                  "env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","CONTAINER=%1$s"],
                  "cwd":"/app","noNewPrivileges":true,
                  "capabilities":{"bounding":["CAP_CHOWN","CAP_KILL"],"effective":["CAP_CHOWN","CAP_KILL"],"permitted":["CAP_CHOWN","CAP_KILL"]},
                  "rlimits":[{"type":"RLIMIT_NOFILE","hard":1024,"soft":1024}]},
                 "root":{"path":"rootfs"},"hostname":"%1$s",
                 "mounts":[{"destination":"/proc","type":"proc","source":"proc","options":["nosuid","noexec","nodev"]},
                  {"destination":"/dev","type":"tmpfs","source":"tmpfs","options":["nosuid","strictatime","mode=755","size=65536k"]},
                  {"destination":"/sys","type":"sysfs","source":"sysfs","options":["nosuid","noexec","nodev","ro"]}],
                 "linux":{"resources":{"devices":[{"allow":false,"access":"rwm"}],"memory":{"limit":268435456}},
                  "cgroupsPath":"/%3$s/%1$s",
                  "namespaces":[{"type":"pid"},{"type":"ipc"},{"type":"uts"},{"type":"mount"},{"type":"network"}],
                  "maskedPaths":["/proc/kcore","/sys/firmware"],"readonlyPaths":["/proc/sys"]}}
                """.formatted(id, mode, namespace);
    }
}
