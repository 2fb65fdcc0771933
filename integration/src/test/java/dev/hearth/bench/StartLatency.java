package dev.hearth.bench;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.cgroups.CgroupManager;
import dev.hearth.launcher.FunctionProcess;
import dev.hearth.launcher.CgroupSpec;
import dev.hearth.launcher.Fifo;
import dev.hearth.launcher.FunctionSpec;
import dev.hearth.launcher.PoolSlots;
import dev.hearth.launcher.Stdio;
import dev.hearth.launcher.WorkerCommand;
import dev.hearth.launcher.WorkerLauncher;
import dev.hearth.launcher.aot.AotCache;
import dev.hearth.launcher.aot.AotStamp;
import dev.hearth.oci.runtime.LinuxResources;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Shim-side start latency, measured at the launcher the daemon uses (what TaskService.Create and
 * Start do minus rootfs mounting): from "Create received" (the container's cgroup is created
 * with a 512 MiB memory limit, then {@code launcher.create}) to the function's first stdout
 * line read from its FIFO, after Start. Workers are the distribution's: its class path and AOT
 * cache, exactly as the daemon starts them.
 */
final class StartLatency {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private final CgroupManager cgroups;
    private final Path work;
    private final Path rootfs;
    private final WorkerCommand withCache;
    private final WorkerCommand withoutCache;
    private int serial;

    StartLatency(Path lib, Path work) throws Exception {
        this.cgroups = CgroupManager.detect();
        this.work = Files.createDirectories(work);
        this.rootfs = Files.createDirectories(work.resolve("rootfs/app"));
        Files.writeString(rootfs.resolve("index.mjs"), "console.log('ready');\n");
        AotStamp stamp = AotStamp.read(lib.resolve(AotCache.STAMP_FILE));
        this.withoutCache = new WorkerCommand(Path.of(System.getProperty("java.home"), "bin", "java"), stamp.classpath(),
                WorkerCommand.DEFAULT_JVM_OPTIONS);
        AotCache.Verdict verdict = AotCache.check(lib.resolve(AotCache.CACHE_FILE), withoutCache);
        if (!verdict.usable()) {
            throw new IllegalStateException("the distribution's AOT cache is not usable: " + verdict.problem());
        }
        this.withCache = verdict.apply(withoutCache);
    }

    /** One row per kind of start. */
    record Result(String kind, Samples create, Samples firstLine) { }

    /** The start {@link #warm} leaves out of its row. */
    Result firstWarmStart;

    /**
     * Warm starts in steady state: the first start of a new launcher is left out of the row and
     * kept in {@link #firstWarmStart} instead. It is a different thing (measured 37-39 ms against
     * p90 ~6): the launcher's code runs for the first time in this JVM, and the pool's first
     * worker is in /hearth, not yet beside the containers' cgroups, so it is moved, not renamed.
     */
    Result warm(int starts) throws Exception {
        try (WorkerLauncher launcher = warmLauncher("control")) {
            firstWarmStart = measure(new Result("first warm start", new Samples(), new Samples()), launcher, 1, true,
                    this::firstLine);
            return measure(new Result("warm pool hit (AOT cache)", new Samples(), new Samples()), launcher, starts, true,
                    this::firstLine);
        }
    }

    /**
     * Warm starts of a fetch handler: "create" as in {@link #warm}, "first line" here is the first
     * HTTP response on the function's port (a plain socket client, retrying the connect until the
     * server listens), after Start.
     */
    Result warmHttp(int starts) throws Exception {
        Path app = Files.createDirectories(work.resolve("fetch-rootfs/app"));
        Files.writeString(app.resolve("index.mjs"),
                "export default { fetch(request) { return new Response('hi ' + new URL(request.url).pathname); } };\n");
        try (WorkerLauncher launcher = warmLauncher("control-http")) {
            measure(new Result("first warm start", new Samples(), new Samples()), launcher, 1, true,
                    id -> firstResponse(id, app)); // left out, as in warm()
            return measure(new Result("warm pool hit, fetch handler: first HTTP response", new Samples(), new Samples()),
                    launcher, starts, true, id -> firstResponse(id, app));
        }
    }

    /**
     * A launcher with a pool of one whose workers live in slot cgroups, as the daemon's: after the
     * first start the slots are made beside the containers' cgroups, and a cgroup v1 host renames
     * a claimed worker's slot to its container's cgroup instead of moving the worker.
     */
    private WorkerLauncher warmLauncher(String socketDir) throws Exception {
        PoolSlots slots = PoolSlots.open(cgroups, Files.createDirectories(work.resolve(socketDir)),
                line -> System.err.println("bench: " + line));
        return launcher(withCache, new WorkerLauncher.Pool(1, slots, Duration.ofMillis(250)), socketDir);
    }

    /** How one measured start's function shows it runs. */
    private interface Signal {
        /** The function of start {@code id}, in {@code cgroup}. */
        FunctionSpec spec(String id, CgroupSpec cgroup);

        /** After Start: blocks until the function shows it runs; System.nanoTime() then. */
        long awaitFirst() throws Exception;

        /** True for a function that ends by itself (with 0); a server is killed. */
        boolean exitsByItself();

        /** Removes what the start left (its FIFO). */
        default void cleanUp() throws Exception { }
    }

    /** The one-line function: its first stdout line, read from a FIFO. */
    private Signal firstLine(String id) throws IOException, InterruptedException {
        Path fifo = work.resolve(id + ".out");
        Fifo.make(fifo);
        CompletableFuture<Long> lineAt = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> readFirstLine(fifo, lineAt));
        return new Signal() {
            public FunctionSpec spec(String id, CgroupSpec cgroup) {
                return new FunctionSpec(id, work.resolve("rootfs"), rootfs.resolve("index.mjs"), List.of(),
                        Map.of(), "/app", new Stdio("", fifo.toString(), ""), cgroup, null);
            }

            public long awaitFirst() throws Exception {
                return lineAt.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }

            public boolean exitsByItself() {
                return true;
            }

            public void cleanUp() throws Exception {
                reader.join(Duration.ofSeconds(10));
                Files.deleteIfExists(fifo);
            }
        };
    }

    /** The fetch handler under {@code app}: its first HTTP response on a free port. */
    private static Signal firstResponse(String id, Path app) throws IOException {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        return new Signal() {
            public FunctionSpec spec(String id, CgroupSpec cgroup) {
                return new FunctionSpec(id, app.getParent(), app.resolve("index.mjs"), List.of(),
                        Map.of("PORT", Integer.toString(port)), "/app", new Stdio("", "", ""), cgroup, null);
            }

            public long awaitFirst() throws Exception {
                String status = firstResponse(port);
                long at = System.nanoTime();
                if (!status.startsWith("HTTP/1.1 200")) {
                    throw new IllegalStateException(id + " answered " + status);
                }
                return at;
            }

            public boolean exitsByItself() {
                return false;
            }
        };
    }

    /** The status line of a GET / on 127.0.0.1:port, connecting again until the server listens. */
    private static String firstResponse(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout((int) WAIT.toMillis());
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                return response.lines().findFirst().orElse("");
            } catch (java.net.ConnectException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(1);
            }
        }
    }

    /**
     * Pool misses with and without the AOT cache, alternating one start of each, so that load
     * from other work on the machine affects both alike.
     */
    List<Result> misses(int starts) throws Exception {
        try (WorkerLauncher cached = launcher(withCache, WorkerLauncher.Pool.none(), "control-aot");
             WorkerLauncher plain = launcher(withoutCache, WorkerLauncher.Pool.none(), "control-plain")) {
            Result withAot = new Result("pool miss (AOT cache)", new Samples(), new Samples());
            Result withoutAot = new Result("pool miss, no AOT cache", new Samples(), new Samples());
            for (int i = 0; i < starts; i++) {
                measure(withAot, cached, 1, false, this::firstLine);
                measure(withoutAot, plain, 1, false, this::firstLine);
            }
            return List.of(withAot, withoutAot);
        }
    }

    /**
     * The kernel's share of a warm start: moving a process into a cgroup ({@code cgroup.procs}),
     * a sleeping process moved back and forth between two cgroups, 50 ms apart as starts are.
     * The write waits for an RCU grace period (the cgroup threadgroup lock) unless the cgroup
     * mounts have {@code favordynmods}, which {@link #favordynmods()} reports.
     */
    Samples migration(int moves) throws Exception {
        Cgroup a = cgroups.create("/hearth-bench/move-a", null);
        Cgroup b = cgroups.create("/hearth-bench/move-b", null);
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        Samples samples = new Samples();
        try {
            for (int i = 0; i < moves; i++) {
                Thread.sleep(50);
                long t0 = System.nanoTime();
                (i % 2 == 0 ? a : b).addProcess(sleeper.pid());
                samples.add(System.nanoTime() - t0);
            }
        } finally {
            sleeper.destroyForcibly().waitFor();
            a.delete();
            b.delete();
        }
        return samples;
    }

    /**
     * What a warm start pays instead on a cgroup v1 host, where a pool worker's slot is renamed to
     * the container's cgroup: a cgroup holding a sleeping process renamed back and forth, 50 ms
     * apart. Empty on hosts that cannot rename (cgroup v2).
     */
    Samples renames(int renames) throws Exception {
        Samples samples = new Samples();
        if (!cgroups.renames()) {
            return samples;
        }
        Cgroup cgroup = cgroups.create("/hearth-bench/rename-a", null);
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        try {
            cgroup.addProcess(sleeper.pid());
            for (int i = 0; i < renames; i++) {
                Thread.sleep(50);
                long t0 = System.nanoTime();
                cgroup = cgroups.rename(cgroup, i % 2 == 0 ? "/hearth-bench/rename-b" : "/hearth-bench/rename-a");
                samples.add(System.nanoTime() - t0);
            }
        } finally {
            sleeper.destroyForcibly().waitFor();
            cgroup.delete();
        }
        return samples;
    }

    /** Whether a cgroup mount of this host has favordynmods (global for the kernel once set). */
    static boolean favordynmods() throws IOException {
        return Files.readAllLines(Path.of("/proc/mounts")).stream()
                .anyMatch(line -> line.contains(" cgroup") && line.contains("favordynmods"));
    }

    private WorkerLauncher launcher(WorkerCommand command, WorkerLauncher.Pool pool, String socketDir) throws IOException {
        return new WorkerLauncher(WorkerLauncher.Settings.defaults().withCommand(command).withPool(pool)
                .withSocketDir(work.resolve(socketDir)).withLog(line -> { }));
    }

    /** Adds {@code starts} measured starts to {@code into}, each watched by a new {@code signal}. */
    private Result measure(Result into, WorkerLauncher launcher, int starts, boolean warm, SignalFactory signal) throws Exception {
        for (int i = 0; i < starts; i++) {
            if (warm && !launcher.awaitWarmWorkers(1, WAIT)) {
                throw new IllegalStateException("the pool did not refill within " + WAIT);
            }
            String id = "bench-" + (++serial);
            Signal watch = signal.of(id);
            CgroupSpec cgroupSpec = new CgroupSpec(cgroups, "/hearth-bench/" + id, new LinuxResources(
                    new LinuxResources.Memory(512L << 20, null, null, null, null, null, null), null, null, null), true);
            long t0 = System.nanoTime();
            Cgroup cgroup = null;
            try {
                FunctionProcess process = launcher.create(watch.spec(id, cgroupSpec));
                long created = System.nanoTime();
                cgroup = process.cgroup();
                process.start();
                long first = watch.awaitFirst();
                into.create().add(created - t0);
                into.firstLine().add(first - t0);
                if (!watch.exitsByItself()) {
                    cgroup.killAll(9);
                }
                int status = process.exited().get(WAIT.toSeconds(), TimeUnit.SECONDS).status();
                if (watch.exitsByItself() && status != 0) {
                    throw new IllegalStateException(id + " exited " + status);
                }
            } finally {
                watch.cleanUp();
                if (cgroup != null) {
                    cgroup.destroy();
                }
            }
        }
        return into;
    }

    private interface SignalFactory {
        Signal of(String id) throws Exception;
    }

    private static void readFirstLine(Path fifo, CompletableFuture<Long> at) {
        try (BufferedReader in = Files.newBufferedReader(fifo, StandardCharsets.UTF_8)) {
            if (in.readLine() != null) {
                at.complete(System.nanoTime());
            }
            while (in.readLine() != null) {
                // drain until the worker closes its end
            }
            at.completeExceptionally(new IOException("no output on " + fifo));
        } catch (IOException e) {
            at.completeExceptionally(e);
        }
    }

    void close() {
        try {
            cgroups.open("/hearth-bench").delete();
        } catch (Exception e) {
            System.err.println("bench: cannot remove /hearth-bench: " + e.getMessage());
        }
    }
}
