package dev.hearth.shim;

import dev.hearth.cgroups.CgroupManager;
import dev.hearth.launcher.PoolSlots;
import dev.hearth.launcher.JitMode;
import dev.hearth.launcher.WorkerCommand;
import dev.hearth.launcher.WorkerLauncher;
import dev.hearth.launcher.WorkerMemory;
import dev.hearth.launcher.aot.AotCache;
import dev.hearth.shim.events.EventPublisher;
import dev.hearth.shim.task.TaskService;
import dev.hearth.shim.ttrpc.TtrpcServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one shim daemon of a containerd address and namespace, started by the sh launcher's
 * {@code start}. It serves containerd's Task API on a unix socket for every container of the
 * namespace and stays up while it has tasks; with none left (and no connection) for the idle
 * period it exits. The daemon writes {@code daemon.pid} only once its socket listens: that
 * file is how {@code start} knows the address is good.
 */
public final class ShimDaemon {
    private static final Log LOG = Log.forComponent("daemon");
    /** A start in the last few seconds means a container is on its way: do not exit under it. */
    private static final Duration START_GRACE = Duration.ofSeconds(10);

    private final Path socket;
    private final Path stateDir;
    private final String namespace;
    private final String ttrpcAddress;

    private final AtomicInteger connections = new AtomicInteger();
    private volatile Instant lastActivity = Instant.now();
    /** Set once the daemon stops by itself (idle); a signal after that has nothing left to do. */
    private volatile boolean stopped;

    private ShimDaemon(DaemonArgs args) {
        this.socket = args.socket();
        this.stateDir = args.stateDir();
        this.namespace = args.namespace();
        this.ttrpcAddress = args.ttrpcAddress();
    }

    public static void main(String[] args) {
        DaemonArgs parsed;
        try {
            parsed = DaemonArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("hearth shim daemon: " + e.getMessage() + "\n" + DaemonArgs.USAGE);
            System.exit(2);
            return;
        }
        int code;
        try {
            code = new ShimDaemon(parsed).run();
        } catch (Exception e) {
            e.printStackTrace(); // the daemon's log gets the whole trace
            code = 1;
        }
        System.exit(code);
    }

    /** Serves until idle; the process's exit code. */
    private int run() throws Exception {
        ShimConfig config = ShimConfig.fromEnvironment(System.getenv());
        Files.createDirectories(stateDir.resolve("tasks"));
        CgroupManager cgroups = CgroupManager.detect();
        EventPublisher events = new EventPublisher(ttrpcAddress, namespace);
        WorkerLauncher launcher = new WorkerLauncher(launcherSettings(config, cgroups));
        TaskService tasks = new TaskService(stateDir, namespace, cgroups, launcher, events);
        TtrpcServer server = new TtrpcServer(socket);
        tasks.registerOn(server);
        server.onConnectionOpened(() -> { connections.incrementAndGet(); lastActivity = Instant.now(); });
        server.onConnectionClosed(() -> { connections.decrementAndGet(); lastActivity = Instant.now(); });
        server.start();
        writePidFile();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> onSignal(server, launcher), "hearth-daemon-stop"));
        LOG.info("listening", "socket", socket, "namespace", namespace, "pid", ProcessHandle.current().pid(),
                "cgroups", cgroups.getClass().getSimpleName(), "idle", config.idle(),
                "pool", config.poolSize(), "workerHeapMiB", config.workerHeapMiB());

        while (!idleLongEnough(tasks, config.idle())) {
            Thread.sleep(500);
        }
        LOG.info("idle: exiting", "idle", config.idle());
        stopped = true;
        unlinkSocket();
        server.close();
        events.close();
        launcher.close();
        return 0;
    }

    /** Unlink first, so a concurrent `start` spawns a new daemon instead of using this one. */
    private void unlinkSocket() throws IOException {
        Files.deleteIfExists(stateDir.resolve("daemon.pid"));
        Files.deleteIfExists(socket);
    }

    /**
     * SIGTERM or SIGINT (an operator, a service manager): the daemon stops taking connections and
     * removes its pool (parked workers and their cgroup) and socket, as an idle exit does. The
     * workers of running containers are left running: containerd's cleanup of a dead shim (the sh
     * {@code delete}) ends them, as it would after a crash.
     */
    private void onSignal(TtrpcServer server, WorkerLauncher launcher) {
        if (stopped) {
            return;
        }
        LOG.info("signalled: stopping (running tasks are left to containerd's cleanup)");
        try {
            unlinkSocket();
        } catch (IOException e) {
            LOG.warn("cannot remove the daemon's socket or pid file", "error", e.getMessage());
        }
        server.close();
        launcher.closePool();
    }

    /**
     * Workers: the default JVM options plus the configured ones, the AOT cache when it is fresh
     * (one log line when it is not), and the warm pool in its own cgroup with a low CPU weight so
     * that refilling yields to starts in progress.
     */
    private WorkerLauncher.Settings launcherSettings(ShimConfig config, CgroupManager cgroups) {
        WorkerCommand command = WorkerCommand.defaults().withExtraOptions(config.workerJavaOptions());
        JitMode jit = config.jit();
        if (jit == JitMode.GRAAL) {
            // The JDK refuses an AOT cache beside an upgrade module path: compiled workers boot without it.
            LOG.info("workers compile hot JavaScript with the Graal compiler (HEARTH_JIT=graal); no AOT cache");
            return launcherSettings(config, cgroups, command.withExtraOptions(jit.jvmOptions(JitMode.jitDirOfThisInstall())));
        }
        AotCache.Verdict aot = AotCache.check(command);
        if (aot.usable()) {
            LOG.info("workers start from the AOT cache", "cache", aot.file());
        } else {
            LOG.warn("worker starts are slower: " + aot.problem() + "; rebuild it with bin/hearth-aot-cache (or make aot)");
        }
        return launcherSettings(config, cgroups, aot.apply(command));
    }

    private WorkerLauncher.Settings launcherSettings(ShimConfig config, CgroupManager cgroups, WorkerCommand command) {
        WorkerLauncher.Pool pool = WorkerLauncher.Pool.none();
        if (config.poolSize() > 0) {
            PoolSlots slots = PoolSlots.open(cgroups, stateDir, line -> LOG.warn(line));
            pool = new WorkerLauncher.Pool(config.poolSize(), slots, config.poolRefillDelay());
        }
        return WorkerLauncher.Settings.defaults().withSocketDir(stateDir)
                .withCommand(command)
                .withMemory(WorkerMemory.defaults().withDefaultHeap(config.workerHeapMiB() * WorkerMemory.MIB))
                .withPool(pool)
                .withLog(line -> LOG.info(line));
    }

    private boolean idleLongEnough(TaskService tasks, Duration idle) {
        if (tasks.taskCount() > 0 || connections.get() > 0) {
            lastActivity = Instant.now();
            return false;
        }
        Instant now = Instant.now();
        if (Duration.between(lastActivity, now).compareTo(idle) < 0) return false;
        try {
            FileTime lastStart = Files.getLastModifiedTime(stateDir.resolve("last-start"));
            Duration grace = idle.compareTo(START_GRACE) < 0 ? idle : START_GRACE;
            if (Duration.between(lastStart.toInstant(), now).compareTo(grace) < 0) return false;
        } catch (IOException e) {
            // no start recorded: nothing on its way
        }
        return true;
    }

    private void writePidFile() throws IOException {
        Path tmp = stateDir.resolve("daemon.pid.tmp");
        Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
        Files.move(tmp, stateDir.resolve("daemon.pid"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
