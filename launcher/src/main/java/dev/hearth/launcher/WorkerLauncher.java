package dev.hearth.launcher;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The JVM-worker {@link FunctionLauncher}: one worker process per container.
 *
 * <p>create(): obtain a booted worker (it connected to this launcher's control socket and said
 * hello with its one-time token), move it into the container's cgroup, send Load (entrypoint,
 * rootfs, cwd, env, args, stdio paths), and wait for Loaded. Any failure kills the worker: no
 * process outlives a failed create. {@link #close()} stops the control socket and kills the
 * workers of this launcher that are still running.
 */
public final class WorkerLauncher implements FunctionLauncher {

    /**
     * @param command      how to start a worker JVM
     * @param socketDir    where the control socket lives; {@code null} for a private temp dir
     *                     (removed at close)
     * @param bootTimeout  from starting a worker to its hello
     * @param loadTimeout  from Load to Loaded: opening the stdio FIFOs and parsing
     * @param log          the daemon's log, one line per call
     */
    public record Settings(WorkerCommand command, Path socketDir, Duration bootTimeout, Duration loadTimeout,
            Consumer<String> log) {

        public static Settings defaults() {
            return new Settings(WorkerCommand.defaults(), null, Duration.ofSeconds(60), Duration.ofSeconds(30),
                    line -> System.err.println("launcher: " + line));
        }

        public Settings withCommand(WorkerCommand newCommand) {
            return new Settings(newCommand, socketDir, bootTimeout, loadTimeout, log);
        }

        /**
         * Puts the control socket in {@code dir} (created if missing; the socket file is removed
         * at close, the directory is left). A daemon should use a directory of its own state:
         * the default temp directory outlives a daemon that is SIGKILLed.
         */
        public Settings withSocketDir(Path dir) {
            return new Settings(command, dir, bootTimeout, loadTimeout, log);
        }

        public Settings withLoadTimeout(Duration timeout) {
            return new Settings(command, socketDir, bootTimeout, timeout, log);
        }

        public Settings withLog(Consumer<String> newLog) {
            return new Settings(command, socketDir, bootTimeout, loadTimeout, newLog);
        }
    }

    private final Settings settings;
    private final Path socketDir;
    private final boolean ownsSocketDir;
    private final ControlServer control;
    private final WorkerSource workers;
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
        this.workers = new WorkerBooter(control, settings.command(), settings.bootTimeout(), settings.log());
    }

    @Override
    public FunctionProcess create(FunctionSpec spec) throws LaunchException {
        String id = spec.containerId();
        BootedWorker worker = workers.obtain(id);
        live.add(worker.process());
        worker.process().onExit().thenRun(() -> live.remove(worker.process()));
        try {
            if (spec.cgroup() != null) {
                spec.cgroup().addProcess(worker.pid());
            }
            worker.control().send(load(spec));
            ControlMessage reply = worker.control().receive(settings.loadTimeout());
            switch (reply) {
                case ControlMessage.Loaded loaded -> {
                    return new WorkerProcess(id, worker);
                }
                case ControlMessage.LoadFailed failed ->
                        throw new LaunchException("container " + id + ": " + failed.message());
                default -> throw new LaunchException("container " + id + ": worker " + worker.pid()
                        + " answered Load with " + reply.getClass().getSimpleName());
            }
        } catch (LaunchException e) {
            worker.kill();
            throw e;
        } catch (CgroupException e) {
            worker.kill();
            throw new LaunchException("container " + id + ": cannot move worker " + worker.pid()
                    + " into cgroup " + spec.cgroup().path() + ": " + e.getMessage(), e);
        } catch (ControlTimeoutException e) {
            worker.kill();
            throw new LaunchException("container " + id + ": worker " + worker.pid() + " did not load "
                    + spec.entrypoint() + " within " + settings.loadTimeout().toMillis()
                    + " ms (is a reader attached to the stdio FIFOs?)", e);
        } catch (IOException | RuntimeException e) {
            worker.kill();
            throw new LaunchException("container " + id + ": worker " + worker.pid() + " failed while loading "
                    + spec.entrypoint() + " (" + e.getMessage() + "); its last output:\n" + worker.lastOutput(), e);
        }
    }

    private static ControlMessage.Load load(FunctionSpec spec) {
        return new ControlMessage.Load(spec.entrypoint().toString(), spec.rootfs().toString(),
                spec.cwd() == null || spec.cwd().isEmpty() ? "/" : spec.cwd(), spec.env(), spec.args(),
                spec.stdio().stdin(), spec.stdio().stdout(), spec.stdio().stderr());
    }

    /** The control socket workers connect to. */
    public Path controlSocket() {
        return control.path();
    }

    @Override
    public void close() {
        workers.close();
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
