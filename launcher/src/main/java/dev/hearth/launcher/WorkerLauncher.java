package dev.hearth.launcher;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.cgroups.CgroupException;
import dev.hearth.launcher.protocol.ControlMessage;
import dev.hearth.launcher.protocol.ControlServer;
import dev.hearth.launcher.protocol.ControlTimeoutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The JVM-worker {@link FunctionLauncher}: one worker process per container.
 *
 * <p>create(): take a parked worker from the {@link WorkerPool} when there is one and the
 * container's memory limit fits its heap ({@link WorkerMemory}), else boot a worker for this
 * container right away, inside the container's cgroup, with a heap sized from its limit. The
 * launcher makes that cgroup ({@link CgroupSpec}): a pool worker's own cgroup is renamed to it
 * where the host allows ({@link PoolSlots}), else it is created and the pool worker moved into it
 * while it loads (see {@link Claim}). Then send Load (entrypoint, rootfs, cwd, env, args, stdio
 * paths) and wait for Loaded. Any failure
 * kills the worker and removes the cgroup made for it: no process outlives a failed create, and no worker ever serves a second
 * container. {@link #close()} stops the pool and the control socket and kills the workers of
 * this launcher that are still running.
 */
public final class WorkerLauncher implements FunctionLauncher {

    /**
     * The warm pool: {@code size} parked workers, each in a cgroup of {@code slots} (null: in the
     * daemon's own), refilled one at a time after {@code refillDelay} without a claim.
     */
    public record Pool(int size, PoolSlots slots, Duration refillDelay) {
        public Pool {
            if (size < 0) {
                throw new IllegalArgumentException("pool size must not be negative, got " + size);
            }
            if (refillDelay == null || refillDelay.isNegative()) {
                throw new IllegalArgumentException("pool refill delay must not be negative, got " + refillDelay);
            }
        }

        /** No pool: every container boots its own worker. */
        public static Pool none() {
            return new Pool(0, null, Duration.ZERO);
        }
    }

    /**
     * @param command      how to start a worker JVM (the heap option is added per worker)
     * @param socketDir    where the control socket lives; {@code null} for a private temp dir
     *                     (removed at close)
     * @param bootTimeout  from starting a worker to its hello
     * @param loadTimeout  from Load to Loaded: opening the stdio FIFOs and parsing
     * @param memory       heap sizes of pool workers and of workers started for a container
     * @param pool         the warm pool ({@link Pool#none()} for none)
     * @param log          the daemon's log, one line per call
     */
    public record Settings(WorkerCommand command, Path socketDir, Duration bootTimeout, Duration loadTimeout,
            WorkerMemory memory, Pool pool, Consumer<String> log) {

        public static Settings defaults() {
            return new Settings(WorkerCommand.defaults(), null, Duration.ofSeconds(60), Duration.ofSeconds(30),
                    WorkerMemory.defaults(), Pool.none(), line -> System.err.println("launcher: " + line));
        }

        public Settings withCommand(WorkerCommand newCommand) {
            return new Settings(newCommand, socketDir, bootTimeout, loadTimeout, memory, pool, log);
        }

        /**
         * Puts the control socket in {@code dir} (created if missing; the socket file is removed
         * at close, the directory is left). A daemon should use a directory of its own state:
         * the default temp directory outlives a daemon that is SIGKILLed.
         */
        public Settings withSocketDir(Path dir) {
            return new Settings(command, dir, bootTimeout, loadTimeout, memory, pool, log);
        }

        public Settings withLoadTimeout(Duration timeout) {
            return new Settings(command, socketDir, bootTimeout, timeout, memory, pool, log);
        }

        public Settings withMemory(WorkerMemory newMemory) {
            return new Settings(command, socketDir, bootTimeout, loadTimeout, newMemory, pool, log);
        }

        public Settings withPool(Pool newPool) {
            return new Settings(command, socketDir, bootTimeout, loadTimeout, memory, newPool, log);
        }

        public Settings withLog(Consumer<String> newLog) {
            return new Settings(command, socketDir, bootTimeout, loadTimeout, memory, pool, newLog);
        }
    }

    private final Settings settings;
    private final Path socketDir;
    private final boolean ownsSocketDir;
    private final ControlServer control;
    private final WorkerBooter booter;
    private final WorkerPool pool;
    private final Set<Process> live = ConcurrentHashMap.newKeySet();

    public WorkerLauncher(Settings settings) throws IOException {
        this.settings = settings;
        this.ownsSocketDir = settings.socketDir() == null;
        this.socketDir = ownsSocketDir
                ? Files.createTempDirectory("hearth-launcher-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : Files.createDirectories(settings.socketDir());
        try {
            this.control = ControlServer.listen(socketDir.resolve("control.sock"), settings.log());
        } catch (IOException e) {
            removeSocketDir();
            throw e;
        }
        this.booter = new WorkerBooter(control, settings.bootTimeout(), settings.log());
        Pool poolSettings = settings.pool();
        this.pool = poolSettings.size() == 0 ? null
                : new WorkerPool(booter, settings.command().withMaxHeap(settings.memory().poolReserveBytes()),
                        poolSettings.slots(), poolSettings.size(), poolSettings.refillDelay(), settings.bootTimeout(),
                        settings.log());
    }

    @Override
    public FunctionProcess create(FunctionSpec spec) throws LaunchException {
        String id = spec.containerId();
        Claim claim = obtain(spec);
        BootedWorker worker = claim.worker();
        live.add(worker.process());
        worker.process().onExit().thenRun(() -> live.remove(worker.process()));
        try {
            long loadSent = System.nanoTime();
            worker.control().send(load(spec, claim.heapLimit()));
            ControlMessage reply = worker.control().receive(settings.loadTimeout());
            switch (reply) {
                case ControlMessage.Loaded loaded -> {
                    long loadedAt = System.nanoTime();
                    Placed placed = claim.awaitPlaced();
                    settings.log().accept(String.format("container %s: worker %d loaded in %.1f ms, in its cgroup %.1f ms after Load",
                            id, worker.pid(), (loadedAt - loadSent) / 1e6, (placed.atNanos() - loadSent) / 1e6));
                    return new WorkerProcess(id, worker, placed.cgroup());
                }
                case ControlMessage.LoadFailed failed ->
                        throw new LaunchException("container " + id + ": " + failed.message());
                default -> throw new LaunchException("container " + id + ": worker " + worker.pid()
                        + " answered Load with " + reply.getClass().getSimpleName());
            }
        } catch (LaunchException e) {
            claim.abandon(settings.log());
            throw e;
        } catch (ControlTimeoutException e) {
            claim.abandon(settings.log());
            throw new LaunchException("container " + id + ": worker " + worker.pid() + " did not load "
                    + spec.entrypoint() + " within " + settings.loadTimeout().toMillis()
                    + " ms (is a reader attached to the stdio FIFOs?)", e);
        } catch (IOException | RuntimeException e) {
            claim.abandon(settings.log());
            throw new LaunchException("container " + id + ": worker " + worker.pid() + " failed while loading "
                    + spec.entrypoint() + " (" + e.getMessage() + "); its last output:\n" + worker.lastOutput(), e);
        }
    }

    /**
     * A worker given to one container and the placement of it in the container's cgroup, which
     * may still be in progress. A pool worker is placed while it loads, on a thread of its own
     * ({@link #placing}): its slot renamed to the container's cgroup (a few cgroup file writes),
     * or when that cannot be, the cgroup made and the worker moved into it, and writing a pid to
     * {@code cgroup.procs} waits in the kernel for an RCU grace period (the cgroup threadgroup
     * lock; ~8 ms measured on a 6.x kernel, longer under load) unless another migration just paid
     * for one. Loading (opening the stdio FIFOs, binding the rootfs, parsing the entrypoint) is
     * hearth's own code: none of the function's code runs before Start, and create() returns only
     * once the placement is done, so the function never runs outside its cgroup.
     *
     * @param placement the worker in the container's cgroup, once it is
     */
    private record Claim(FunctionSpec spec, BootedWorker worker, long heapLimit, CompletableFuture<Placed> placement) {

        /** A worker already in the container's cgroup (booted in it), or one the spec gives none. */
        static Claim placed(FunctionSpec spec, BootedWorker worker, long heapLimit, Cgroup cgroup) {
            return new Claim(spec, worker, heapLimit, CompletableFuture.completedFuture(new Placed(cgroup, System.nanoTime())));
        }

        /** Runs {@code placement} on a thread of its own; its failure fails the claim. */
        static Claim placing(FunctionSpec spec, BootedWorker worker, long heapLimit, Placement placement) {
            CompletableFuture<Placed> placed = new CompletableFuture<>();
            Thread.ofVirtual().name("hearth-place-" + worker.pid()).start(() -> {
                try {
                    Cgroup cgroup = placement.place();
                    placed.complete(new Placed(cgroup, System.nanoTime()));
                } catch (LaunchException | RuntimeException e) {
                    placed.completeExceptionally(e);
                }
            });
            return new Claim(spec, worker, heapLimit, placed);
        }

        /** The worker in the container's cgroup; a failed placement kills the worker. */
        Placed awaitPlaced() throws LaunchException {
            try {
                return placement.join();
            } catch (CompletionException e) {
                worker.kill();
                if (e.getCause() instanceof LaunchException launch) {
                    throw launch;
                }
                throw new LaunchException("container " + spec.containerId() + ": placing worker " + worker.pid()
                        + " in its cgroup failed: " + e.getCause(), e.getCause());
            }
        }

        /**
         * Kills the worker of a failed create, after its placement ended (no cgroup write races
         * the kill), and removes the cgroup made for it.
         */
        void abandon(Consumer<String> log) {
            Cgroup cgroup = null;
            try {
                Placed placed = placement.exceptionally(e -> null).get(10, TimeUnit.SECONDS);
                cgroup = placed == null ? null : placed.cgroup();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the worker dies below either way
            }
            worker.kill();
            discard(cgroup, log);
        }
    }

    /**
     * A worker placed: the container's cgroup (null when the spec asks for none) and when the
     * placement ended (System.nanoTime(), for the create's log line).
     */
    private record Placed(Cgroup cgroup, long atNanos) { }

    /** Puts a claimed pool worker into its container's cgroup; a failure leaves no cgroup of the container behind. */
    private interface Placement {
        Cgroup place() throws LaunchException;
    }

    /** Kills what is in a cgroup this launcher made and removes it; a failure is logged. */
    private static void discard(Cgroup cgroup, Consumer<String> log) {
        if (cgroup == null) {
            return;
        }
        try {
            cgroup.destroy();
        } catch (CgroupException e) {
            log.accept("cannot remove cgroup " + cgroup.path() + ": " + e.getMessage());
        }
    }

    /** A parked pool worker when one fits, else a worker booted now in the container's cgroup. */
    private Claim obtain(FunctionSpec spec) throws LaunchException {
        String id = spec.containerId();
        long limit = spec.cgroup() == null ? -1 : spec.cgroup().memoryLimit();
        WorkerMemory memory = settings.memory();
        long heap = memory.heapFor(limit);
        if (pool != null) {
            if (memory.poolWorkerFits(limit)) {
                PoolSlots slots = settings.pool().slots();
                if (slots != null && spec.cgroup() != null && spec.cgroup().sharedParent()) {
                    slots.learn(spec.cgroup().path()); // before the claim wakes the refiller, which makes the next slot
                }
                WorkerPool.PoolWorker parked;
                try {
                    parked = pool.claim(id);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LaunchException("container " + id + ": interrupted while waiting for a pool worker", e);
                }
                if (parked != null) {
                    return place(spec, parked, heap);
                }
                settings.log().accept("container " + id + ": pool empty, booting a worker");
            } else {
                settings.log().accept("container " + id + ": memory limit " + (limit >> 20) + " MiB allows a heap of "
                        + (heap >> 20) + " MiB, more than a pool worker's " + (memory.poolReserveBytes() >> 20)
                        + " MiB, booting a worker sized for it");
            }
        }
        Cgroup cgroup = createCgroup(spec);
        try {
            // heap limit 0: the worker's own -Xmx is the container's heap
            return Claim.placed(spec, booter.boot("container " + id, settings.command().withMaxHeap(heap), cgroup),
                    0, cgroup);
        } catch (LaunchException e) {
            discard(cgroup, settings.log());
            throw e;
        }
    }

    /**
     * Gives a claimed pool worker the container's cgroup, while it loads: its slot renamed to it
     * where the host allows, else a new cgroup it is moved into (the slot is removed after).
     */
    private Claim place(FunctionSpec spec, WorkerPool.PoolWorker parked, long heap) {
        String id = spec.containerId();
        BootedWorker worker = parked.worker();
        Cgroup slot = parked.slot();
        CgroupSpec target = spec.cgroup();
        PoolSlots slots = settings.pool().slots();
        settings.log().accept("container " + id + ": " + (parked.prepared() ? "warm worker " : "unprepared worker ") + worker.pid()
                + " from the pool" + (parked.prepared() ? "" : " (claimed as it said hello)") + ", heap " + (heap >> 20) + " MiB");
        if (target == null) {
            if (slot != null) {
                worker.process().onExit().thenRun(() -> slots.remove(slot));
            }
            return Claim.placed(spec, worker, heap, null);
        }
        return Claim.placing(spec, worker, heap, () -> {
            if (slot != null) {
                Cgroup adopted;
                try {
                    adopted = slots.adopt(slot, target.path(), target.resources(), target.memoryLimit(),
                            settings.memory().minHeapBytes());
                } catch (CgroupException e) {
                    throw new LaunchException("container " + id + ": cannot set up cgroup " + target.path() + ": " + e.getMessage(), e);
                }
                if (adopted != null) {
                    return adopted;
                }
            }
            try {
                Cgroup cgroup = createCgroup(spec);
                settings.log().accept("container " + id + ": moving worker " + worker.pid() + " into cgroup " + target.path()
                        + (slot == null ? "" : " (its pool cgroup " + slot.path() + " could not become it)"));
                try {
                    cgroup.addProcess(worker.pid());
                } catch (CgroupException e) {
                    discard(cgroup, settings.log());
                    throw new LaunchException("container " + id + ": cannot move worker " + worker.pid()
                            + " into cgroup " + cgroup.path() + ": " + e.getMessage(), e);
                }
                return cgroup;
            } finally {
                if (slot != null) {
                    slots.remove(slot); // empty once moved; a worker left in it by a failure is killed
                }
            }
        });
    }

    /** The container's cgroup made anew (null when the spec asks for none). */
    private static Cgroup createCgroup(FunctionSpec spec) throws LaunchException {
        if (spec.cgroup() == null) {
            return null;
        }
        try {
            return spec.cgroup().create();
        } catch (CgroupException e) {
            throw new LaunchException("container " + spec.containerId() + ": " + e.getMessage(), e);
        }
    }

    /** Workers parked in the pool right now (0 without a pool). */
    public int warmWorkers() {
        return pool == null ? 0 : pool.parked();
    }

    /**
     * Waits until the pool holds {@code count} parked workers (benchmarks and tests use it to
     * measure or exercise a warm hit); false when that did not happen within {@code timeout}.
     */
    public boolean awaitWarmWorkers(int count, Duration timeout) throws InterruptedException {
        return pool != null && pool.awaitParked(count, timeout);
    }

    private static ControlMessage.Load load(FunctionSpec spec, long heapLimit) {
        return new ControlMessage.Load(spec.entrypoint().toString(), spec.rootfs().toString(),
                spec.cwd() == null || spec.cwd().isEmpty() ? "/" : spec.cwd(), spec.env(), spec.args(),
                spec.stdio().stdin(), spec.stdio().stdout(), spec.stdio().stderr(), heapLimit,
                spec.network() == null ? "" : spec.network().namespace(),
                spec.network() == null || spec.network().resolvConf() == null ? "" : spec.network().resolvConf());
    }

    /** The control socket workers connect to. */
    public Path controlSocket() {
        return control.path();
    }

    /**
     * Kills the parked workers and deletes the pool's cgroup, leaving the workers of running
     * containers alone (a daemon stopped by a signal); safe to call more than once, and before
     * {@link #close()}.
     */
    public void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public void close() {
        closePool();
        control.close();
        for (Process process : List.copyOf(live)) {
            if (process.isAlive()) {
                settings.log().accept("killing worker " + process.pid() + " at launcher close");
                process.destroyForcibly();
            }
        }
        for (Process process : List.copyOf(live)) {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (ownsSocketDir) {
            removeSocketDir();
        }
    }

    private void removeSocketDir() {
        try {
            Files.deleteIfExists(socketDir);
        } catch (IOException e) {
            settings.log().accept("cannot remove " + socketDir + ": " + e);
        }
    }
}
