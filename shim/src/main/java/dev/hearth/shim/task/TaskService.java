package dev.hearth.shim.task;

import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import dev.hearth.cgroups.Cgroup;
import dev.hearth.cgroups.CgroupException;
import dev.hearth.cgroups.CgroupManager;
import dev.hearth.cgroups.OomWatcher;
import dev.hearth.oci.runtime.LinuxResources;
import dev.hearth.shim.metrics.MetricsConverter;
import dev.hearth.launcher.ExitStatus;
import dev.hearth.launcher.FunctionLauncher;
import dev.hearth.launcher.FunctionProcess;
import dev.hearth.launcher.CgroupSpec;
import dev.hearth.launcher.FunctionSpec;
import dev.hearth.launcher.LaunchException;
import dev.hearth.launcher.PodNetwork;
import dev.hearth.launcher.Stdio;
import dev.hearth.oci.runtime.Spec;
import dev.hearth.oci.runtime.SpecException;
import dev.hearth.oci.runtime.SpecParser;
import dev.hearth.shim.Log;
import dev.hearth.shim.events.EventPublisher;
import dev.hearth.shim.events.Topics;
import dev.hearth.shim.mount.MountSpec;
import dev.hearth.shim.proto.events.TaskCreate;
import dev.hearth.shim.proto.events.TaskDelete;
import dev.hearth.shim.proto.events.TaskExit;
import dev.hearth.shim.proto.events.TaskIO;
import dev.hearth.shim.proto.events.TaskOOM;
import dev.hearth.shim.proto.events.TaskPaused;
import dev.hearth.shim.proto.events.TaskResumed;
import dev.hearth.shim.proto.events.TaskStart;
import dev.hearth.shim.proto.task.*;
import dev.hearth.shim.proto.types.Mount;
import dev.hearth.shim.proto.types.ProcessInfo;
import dev.hearth.shim.proto.types.Status;
import dev.hearth.shim.ttrpc.TtrpcException;
import dev.hearth.shim.ttrpc.TtrpcServer;
import dev.hearth.sys.Signals;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import static dev.hearth.shim.ttrpc.TtrpcException.Code.*;

/**
 * containerd's {@code containerd.task.v2.Task} service for every container of this daemon.
 * Any container id is served (containerd 2.0.0-2.0.5 sends pod members to the sandbox's
 * socket). Errors reach containerd as ttrpc statuses naming the container and the cause.
 */
public final class TaskService {
    private static final Log LOG = Log.forComponent("task");
    public static final String SERVICE = "containerd.task.v2.Task";
    /** containerd's shims wait for a binary logger without a limit; a stuck one should not hold Create forever. */
    private static final Duration LOGGER_READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final Path tasksDir;
    private final String namespace;
    private final CgroupManager cgroups;
    private final FunctionLauncher launcher;
    private final EventPublisher events;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    /** Ids whose Create is in progress: a second Create for the same id must fail, not race. */
    private final Map<String, Boolean> creating = new ConcurrentHashMap<>();
    /**
     * Releases detached rootfs mounts after Delete replied: the kernel's teardown of an overlay
     * syncs the host's file system, which Delete (and so every {@code ctr run --rm}) need not
     * wait for. A platform thread: the release blocks in close(2).
     */
    private final ExecutorService rootfsReleaser = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("rootfs-release").daemon(true).factory());

    public TaskService(Path stateDir, String namespace, CgroupManager cgroups, FunctionLauncher launcher,
                       EventPublisher events) {
        this.tasksDir = stateDir.resolve("tasks");
        TaskStateDir.removeLeftovers(tasksDir);
        this.namespace = namespace;
        this.cgroups = cgroups;
        this.launcher = launcher;
        this.events = events;
    }

    /** Number of containers this daemon holds (created and not yet deleted). */
    public int taskCount() { return tasks.size() + creating.size(); }

    public void registerOn(TtrpcServer server) {
        server.register(SERVICE, "Create", CreateTaskRequest.parser(), this::create);
        server.register(SERVICE, "Start", StartRequest.parser(), this::start);
        server.register(SERVICE, "Wait", WaitRequest.parser(), this::await);
        server.register(SERVICE, "Kill", KillRequest.parser(), this::kill);
        server.register(SERVICE, "Delete", DeleteRequest.parser(), this::delete);
        server.register(SERVICE, "State", StateRequest.parser(), this::state);
        server.register(SERVICE, "Pids", PidsRequest.parser(), this::pids);
        server.register(SERVICE, "Connect", ConnectRequest.parser(), this::connect);
        server.register(SERVICE, "Shutdown", ShutdownRequest.parser(), this::shutdown);
        server.register(SERVICE, "CloseIO", CloseIORequest.parser(), this::closeIO);
        server.register(SERVICE, "Pause", PauseRequest.parser(), this::pause);
        server.register(SERVICE, "Resume", ResumeRequest.parser(), this::resume);
        server.register(SERVICE, "Update", UpdateTaskRequest.parser(), this::update);
        server.register(SERVICE, "Stats", StatsRequest.parser(), this::stats);
        server.register(SERVICE, "Checkpoint", CheckpointTaskRequest.parser(), r -> unimplemented("Checkpoint", r.getId()));
        server.register(SERVICE, "Exec", ExecProcessRequest.parser(), r -> unimplemented("Exec", r.getId()));
        server.register(SERVICE, "ResizePty", ResizePtyRequest.parser(), r -> unimplemented("ResizePty", r.getId()));
    }

    private static Empty unimplemented(String method, String id) throws TtrpcException {
        throw new TtrpcException(UNIMPLEMENTED, "container " + id + ": " + SERVICE + "/" + method + " is not implemented by hearth yet");
    }

    // ---- Create ----

    CreateTaskResponse create(CreateTaskRequest req) throws TtrpcException {
        long began = System.nanoTime();
        String id = req.getId();
        if (!VALID_ID.matcher(id).matches()) {
            throw new TtrpcException(INVALID_ARGUMENT, "container id \"" + id + "\" is not valid (letters, digits, _ . -)");
        }
        if (req.getTerminal()) {
            throw new TtrpcException(INVALID_ARGUMENT, "container " + id + ": terminals (-t) are not supported by hearth yet");
        }
        if (!req.getCheckpoint().isEmpty()) {
            throw new TtrpcException(INVALID_ARGUMENT, "container " + id + ": restoring from a checkpoint is not supported");
        }
        if (tasks.containsKey(id) || creating.putIfAbsent(id, Boolean.TRUE) != null) {
            throw new TtrpcException(ALREADY_EXISTS, "container " + id + ": already exists");
        }
        try {
            Task task = createTask(req);
            tasks.put(id, task);
            events.publish(Topics.TASK_CREATE, TaskCreate.newBuilder()
                    .setContainerId(id)
                    .setBundle(req.getBundle())
                    .addAllRootfs(req.getRootfsList())
                    .setIo(TaskIO.newBuilder().setStdin(req.getStdin()).setStdout(req.getStdout())
                            .setStderr(req.getStderr()).setTerminal(false))
                    .setPid((int) task.pid())
                    .build());
            watchOom(task);
            // After TaskCreate is queued, so that TaskExit can never overtake it.
            task.process.exited().whenComplete((status, err) -> onExit(task, status, err));
            LOG.info("created", "id", id, "pid", task.pid(), "ms", millisSince(began), "launcherMs", millis(task.launchNanos));
            return CreateTaskResponse.newBuilder().setPid((int) task.pid()).build();
        } finally {
            creating.remove(id);
        }
    }

    /** Sets everything up for one container, undoing what was done if a step fails. */
    private Task createTask(CreateTaskRequest req) throws TtrpcException {
        String id = req.getId();
        Path bundle = Path.of(req.getBundle());
        Spec spec;
        List<String> unapplied;
        try {
            SpecParser.BundleConfig config = SpecParser.readBundleConfig(bundle.resolve("config.json"));
            spec = config.spec();
            unapplied = config.unappliedResources();
        } catch (SpecException e) {
            throw new TtrpcException(INVALID_ARGUMENT, "container " + id + ": " + e.getMessage());
        }
        if (!unapplied.isEmpty()) {
            // Never dropped silently: the daemon's log names them (README, Resource control).
            LOG.warn("linux.resources fields not applied by hearth", "id", id, "fields", String.join(",", unapplied));
        }
        if (spec.process().terminal()) {
            throw new TtrpcException(INVALID_ARGUMENT, "container " + id + ": terminals (process.terminal) are not supported by hearth yet");
        }
        Stdio stdio = new Stdio(req.getStdin(), req.getStdout(), req.getStderr());
        BinaryLogger.Command loggerCommand;
        try {
            loggerCommand = BinaryLogger.forStdio(stdio);
        } catch (IllegalArgumentException e) {
            throw new TtrpcException(INVALID_ARGUMENT, "container " + id + ": " + e.getMessage());
        }
        for (String uri : List.of(stdio.stdout(), stdio.stderr())) {
            if (uri.contains("://") && !uri.startsWith("file://") && !BinaryLogger.isBinaryUri(uri)) {
                throw new TtrpcException(INVALID_ARGUMENT, "container " + id + ": log URI " + uri + " is not supported (use a FIFO, file:// or binary://)");
            }
        }

        List<AutoCloseable> undo = new ArrayList<>();
        TaskStateDir state = TaskStateDir.create(tasksDir, id);
        undo.add(state::delete);
        try {
            // The worker writes to the logger's FIFOs; the task keeps containerd's URIs (State reports them).
            BinaryLogger logger = null;
            Stdio workerStdio = stdio;
            if (loggerCommand != null) {
                try {
                    logger = BinaryLogger.start(loggerCommand, id, namespace, state.dir());
                } catch (IllegalArgumentException e) {
                    throw new TtrpcException(INVALID_ARGUMENT, "container " + id + ": " + e.getMessage());
                } catch (IOException e) {
                    throw new TtrpcException(INTERNAL, "container " + id + ": " + e.getMessage());
                }
                undo.add(logger::kill);
                state.write(BinaryLogger.PID_FILE, Long.toString(logger.pid()));
                workerStdio = logger.workerStdio(stdio.stdin());
            }

            Rootfs rootfs;
            try {
                rootfs = Rootfs.mount(bundle, toMountSpecs(req.getRootfsList()));
            } catch (IOException | RuntimeException e) {
                throw new TtrpcException(INTERNAL, "container " + id + ": mounting the rootfs: " + e.getMessage());
            }
            undo.add(rootfs::unmount);
            if (rootfs.mounted()) state.write("rootfs", rootfs.path().toString());

            boolean sandbox = SandboxProcess.isSandbox(spec);
            Entrypoint entrypoint = null;
            if (!sandbox) {
                try {
                    entrypoint = Entrypoint.resolve(rootfs.path(), spec.process().cwd(), spec.process().args());
                } catch (IllegalArgumentException e) {
                    throw new TtrpcException(INVALID_ARGUMENT, "container " + id + ": " + e.getMessage());
                }
            }

            String cgroupsPath = cgroupsPath(spec, id);
            // ctr's and nerdctl's /<namespace>/<id>: the warm pool may keep its workers' cgroups in
            // /<namespace> to rename one to a container's (never in a Kubernetes pod's cgroup).
            CgroupSpec cgroupSpec = new CgroupSpec(cgroups, cgroupsPath,
                    spec.linux() == null ? null : spec.linux().resources(), cgroupsPath.equals("/" + namespace + "/" + id));
            // Before the cgroup exists: a daemon that dies in between leaves a path its successor cleans up.
            state.write("cgroup", cgroupSpec.path());

            FunctionProcess process;
            long launchBegan = System.nanoTime();
            try {
                // A Kubernetes pod's sandbox (CRI's pause container) gets a placeholder, not a function.
                // The launcher makes a function's cgroup (a pool worker's may be renamed to it) and
                // removes it again when it fails.
                String networkNamespace = spec.linux() == null ? null : spec.linux().networkNamespacePath();
                process = sandbox ? startSandbox(id, cgroupSpec, networkNamespace)
                        : launcher.create(new FunctionSpec(id, rootfs.path(), entrypoint.file(), entrypoint.arguments(),
                                envMap(spec.process().env()), spec.process().cwd(), workerStdio, cgroupSpec,
                                networkNamespace == null ? null : new PodNetwork(networkNamespace, resolvConf(spec))));
            } catch (LaunchException e) {
                throw new TtrpcException(FAILED_PRECONDITION, "container " + id + ": " + e.getMessage());
            }
            Cgroup cgroup = process.cgroup();
            undo.add(cgroup::destroy);
            long launchNanos = System.nanoTime() - launchBegan;
            state.write("pid", Long.toString(process.pid()));
            if (logger != null) {
                try {
                    logger.awaitReady(LOGGER_READY_TIMEOUT);
                } catch (IOException e) {
                    throw new TtrpcException(FAILED_PRECONDITION, "container " + id + ": " + e.getMessage());
                }
            }
            return new Task(id, bundle, stdio, rootfs, cgroup, process, state, logger, launchNanos);
        } catch (TtrpcException | RuntimeException e) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                try {
                    undo.get(i).close();
                } catch (Exception undoErr) {
                    LOG.warn("undo after failed create", "id", id, "error", undoErr.getMessage());
                }
            }
            LOG.warn("create failed", "id", id, "error", e.getMessage());
            if (e instanceof TtrpcException t) throw t;
            throw new TtrpcException(INTERNAL, "container " + id + ": " + e.getMessage());
        }
    }

    /** A pod's sandbox placeholder in a cgroup made for it; the cgroup is removed again when the start fails. */
    private static FunctionProcess startSandbox(String id, CgroupSpec cgroupSpec, String networkNamespace)
            throws TtrpcException, LaunchException {
        Cgroup cgroup;
        try {
            cgroup = cgroupSpec.create();
        } catch (CgroupException e) {
            throw new TtrpcException(INTERNAL, "container " + id + ": " + e.getMessage());
        }
        try {
            return SandboxProcess.start(id, cgroup, networkNamespace);
        } catch (LaunchException | RuntimeException e) {
            try {
                cgroup.destroy();
            } catch (CgroupException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    /**
     * TaskOOM when the kernel's OOM killer acts in the container's cgroup (Kubernetes reports
     * OOMKilled from it), and when the worker reports that the function exhausted its heap (it
     * then exits 137; the report comes before the exit, so TaskOOM precedes TaskExit here too).
     * The kernel's notification is registered on a thread of its own, off Create's critical path
     * (an eventfd, a cgroup file write and the watching thread's start: 0.2-1.8 ms measured): the
     * function runs none of its code before Start, which waits for the registration.
     */
    private void watchOom(Task task) {
        task.process.outOfMemory().thenAccept(message -> {
            LOG.warn("out of memory (heap)", "id", task.id, "message", message);
            events.publish(Topics.TASK_OOM, TaskOOM.newBuilder().setContainerId(task.id).build());
        });
        Thread.ofVirtual().name("oom-watch-register " + task.id).start(() -> {
            OomWatcher watcher = null;
            try {
                watcher = task.cgroup.watchOom(() -> {
                    LOG.warn("out of memory", "id", task.id);
                    events.publish(Topics.TASK_OOM, TaskOOM.newBuilder().setContainerId(task.id).build());
                });
            } catch (CgroupException | RuntimeException e) {
                LOG.warn("no OOM notification for this task", "id", task.id, "error", e.getMessage());
            } finally {
                task.oomWatch.complete(watcher);
            }
        });
    }

    /** Waits (boundedly) until the task's OOM notification is registered or failed to be. */
    private static void awaitOomWatch(Task task) {
        try {
            task.oomWatch.get(OOM_WATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("OOM notification not registered in time", "id", task.id, "error", String.valueOf(e));
        }
    }

    private static final long OOM_WATCH_TIMEOUT_SECONDS = 5;

    /** The host file a pod's spec mounts as /etc/resolv.conf (the CRI writes one per pod), or null. */
    private static String resolvConf(Spec spec) {
        return spec.mounts().stream().filter(m -> "/etc/resolv.conf".equals(m.destination()) && m.source() != null)
                .map(Spec.Mount::source).findFirst().orElse(null);
    }

    /** {@code linux.cgroupsPath}, or {@code /hearth/<namespace>/<id>} when the spec names none. */
    private String cgroupsPath(Spec spec, String id) {
        if (spec.linux() != null && spec.linux().cgroupsPath() != null && !spec.linux().cgroupsPath().isBlank()) {
            return spec.linux().cgroupsPath();
        }
        return "/hearth/" + namespace + "/" + id;
    }

    private static List<MountSpec> toMountSpecs(List<Mount> mounts) {
        return mounts.stream().map(m -> new MountSpec(m.getType(), m.getSource(), m.getOptionsList())).toList();
    }

    private static Map<String, String> envMap(List<String> env) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String kv : env) {
            int eq = kv.indexOf('=');
            map.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return map;
    }

    // ---- Start / exit ----

    StartResponse start(StartRequest req) throws TtrpcException {
        Task task = find(req.getId(), req.getExecId());
        synchronized (task) {
            if (task.status() != Task.Status.CREATED) {
                throw new TtrpcException(FAILED_PRECONDITION, "container " + task.id + ": cannot start a task that is " + task.status().name().toLowerCase());
            }
            awaitOomWatch(task);
            try {
                task.process.start();
            } catch (LaunchException e) {
                throw new TtrpcException(FAILED_PRECONDITION, "container " + task.id + ": " + e.getMessage());
            }
            task.status(Task.Status.RUNNING);
            events.publish(Topics.TASK_START, TaskStart.newBuilder().setContainerId(task.id).setPid((int) task.pid()).build());
        }
        LOG.info("started", "id", task.id);
        return StartResponse.newBuilder().setPid((int) task.pid()).build();
    }

    private void onExit(Task task, ExitStatus status, Throwable err) {
        ExitStatus exit = err == null ? status : new ExitStatus(255, Instant.now());
        synchronized (task) {
            // Leftover processes of the container (none for a plain worker) go with it.
            killCgroup(task, Signals.SIGKILL);
            task.status(Task.Status.STOPPED);
            task.exited.complete(exit);
            events.publish(Topics.TASK_EXIT, TaskExit.newBuilder()
                    .setContainerId(task.id).setId(task.id).setPid((int) task.pid())
                    .setExitStatus(exit.status()).setExitedAt(timestamp(exit.exitedAt())).build());
        }
        LOG.info("exited", "id", task.id, "status", exit.status());
    }

    WaitResponse await(WaitRequest req) throws TtrpcException {
        Task task = find(req.getId(), req.getExecId());
        ExitStatus exit;
        try {
            exit = task.exited.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TtrpcException(CANCELLED, "container " + task.id + ": wait interrupted");
        } catch (ExecutionException e) {
            throw new TtrpcException(INTERNAL, "container " + task.id + ": " + e.getCause());
        }
        return WaitResponse.newBuilder().setExitStatus(exit.status()).setExitedAt(timestamp(exit.exitedAt())).build();
    }

    // ---- Kill / Delete ----

    Empty kill(KillRequest req) throws TtrpcException {
        Task task = find(req.getId(), req.getExecId());
        int signal = req.getSignal() == 0 ? Signals.SIGTERM : req.getSignal();
        if (task.status() == Task.Status.STOPPED) {
            throw new TtrpcException(NOT_FOUND, "container " + task.id + ": process already finished");
        }
        if (req.getAll()) {
            try {
                task.cgroup.killAll(signal);
            } catch (CgroupException e) {
                throw new TtrpcException(INTERNAL, "container " + task.id + ": " + e.getMessage());
            }
        }
        if (!Signals.kill(task.pid(), signal) && !req.getAll()) {
            throw new TtrpcException(NOT_FOUND, "container " + task.id + ": process already finished");
        }
        if (signal == Signals.SIGKILL && task.status() == Task.Status.PAUSED) {
            // A frozen process cannot act on SIGKILL until it thaws.
            try {
                task.cgroup.thaw();
            } catch (CgroupException e) {
                throw new TtrpcException(INTERNAL, "container " + task.id + ": thawing to deliver SIGKILL: " + e.getMessage());
            }
        }
        LOG.info("killed", "id", task.id, "signal", signal, "all", req.getAll());
        return Empty.getDefaultInstance();
    }

    DeleteResponse delete(DeleteRequest req) throws TtrpcException {
        long began = System.nanoTime();
        Task task = find(req.getId(), req.getExecId());
        if (task.status() == Task.Status.RUNNING || task.status() == Task.Status.PAUSED) {
            throw new TtrpcException(FAILED_PRECONDITION, "container " + task.id + ": cannot delete a " + task.status().name().toLowerCase() + " task (kill it first)");
        }
        if (task.status() == Task.Status.CREATED) {
            // Never started: the worker waits for Start; end it so its resources can go.
            Signals.kill(task.pid(), Signals.SIGKILL);
        }
        ExitStatus exit;
        try {
            exit = task.exited.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new TtrpcException(DEADLINE_EXCEEDED, "container " + task.id + ": the function process did not exit");
        }
        List<String> problems = new ArrayList<>();
        closeOomWatcher(task);
        try {
            task.cgroup.destroy();
        } catch (CgroupException e) {
            problems.add(e.getMessage());
        }
        try {
            task.rootfs.unmountDetached(rootfsReleaser);
        } catch (IOException e) {
            problems.add("unmounting " + task.rootfs.path() + ": " + e.getMessage());
        }
        if (task.logger != null) {
            // The worker is gone, so the logger has its EOF; it goes before its FIFOs (state dir) do.
            String loggerProblem = task.logger.reap();
            if (loggerProblem != null) problems.add(loggerProblem);
        }
        if (!problems.isEmpty()) {
            // Keep the task (and its state dir) so a retried Delete or the sh `delete` can finish the job.
            throw new TtrpcException(INTERNAL, "container " + task.id + ": delete left resources behind: " + String.join("; ", problems));
        }
        task.stateDir.delete();
        tasks.remove(task.id);
        Timestamp at = timestamp(exit.exitedAt());
        events.publish(Topics.TASK_DELETE, TaskDelete.newBuilder().setContainerId(task.id).setPid((int) task.pid())
                .setExitStatus(exit.status()).setExitedAt(at).build());
        LOG.info("deleted", "id", task.id, "ms", millisSince(began));
        return DeleteResponse.newBuilder().setPid((int) task.pid()).setExitStatus(exit.status()).setExitedAt(at).build();
    }

    /** Closes the task's OOM watch now, or when a registration still under way ends (close is idempotent). */
    private static void closeOomWatcher(Task task) {
        awaitOomWatch(task);
        task.oomWatch.thenAccept(watcher -> {
            if (watcher == null) return;
            try {
                watcher.close();
            } catch (Exception e) {
                LOG.warn("closing the OOM watch", "id", task.id, "error", e.getMessage());
            }
        });
    }

    private void killCgroup(Task task, int signal) {
        try {
            task.cgroup.killAll(signal);
        } catch (CgroupException e) {
            LOG.warn("killing the cgroup's processes", "id", task.id, "error", e.getMessage());
        }
    }

    // ---- Pause / Resume / Update / Stats (the container's cgroup) ----

    Empty pause(PauseRequest req) throws TtrpcException {
        Task task = find(req.getId(), "");
        synchronized (task) {
            if (task.status() != Task.Status.RUNNING) {
                throw new TtrpcException(FAILED_PRECONDITION, "container " + task.id + ": cannot pause a task that is " + task.status().name().toLowerCase());
            }
            try {
                task.cgroup.freeze();
            } catch (CgroupException e) {
                throw new TtrpcException(INTERNAL, "container " + task.id + ": " + e.getMessage());
            }
            task.status(Task.Status.PAUSED);
            events.publish(Topics.TASK_PAUSED, TaskPaused.newBuilder().setContainerId(task.id).build());
        }
        return Empty.getDefaultInstance();
    }

    Empty resume(ResumeRequest req) throws TtrpcException {
        Task task = find(req.getId(), "");
        synchronized (task) {
            if (task.status() != Task.Status.PAUSED) {
                throw new TtrpcException(FAILED_PRECONDITION, "container " + task.id + ": cannot resume a task that is " + task.status().name().toLowerCase());
            }
            try {
                task.cgroup.thaw();
            } catch (CgroupException e) {
                throw new TtrpcException(INTERNAL, "container " + task.id + ": " + e.getMessage());
            }
            task.status(Task.Status.RUNNING);
            events.publish(Topics.TASK_RESUMED, TaskResumed.newBuilder().setContainerId(task.id).build());
        }
        return Empty.getDefaultInstance();
    }

    /** New {@code linux.resources} for a live task (Kubernetes' in-place resize goes through here). */
    Empty update(UpdateTaskRequest req) throws TtrpcException {
        Task task = find(req.getId(), "");
        LinuxResources resources;
        try {
            resources = ResourcesAny.decode(req.getResources());
        } catch (IllegalArgumentException e) {
            throw new TtrpcException(INVALID_ARGUMENT, "container " + task.id + ": " + e.getMessage());
        }
        try {
            task.cgroup.update(resources);
        } catch (CgroupException e) {
            throw new TtrpcException(INVALID_ARGUMENT, "container " + task.id + ": " + e.getMessage());
        }
        LOG.info("updated resources", "id", task.id);
        return Empty.getDefaultInstance();
    }

    StatsResponse stats(StatsRequest req) throws TtrpcException {
        Task task = find(req.getId(), "");
        try {
            return StatsResponse.newBuilder().setStats(MetricsConverter.toAny(task.cgroup.stats())).build();
        } catch (CgroupException e) {
            throw new TtrpcException(INTERNAL, "container " + task.id + ": " + e.getMessage());
        }
    }

    // ---- State / Pids / Connect / Shutdown / CloseIO ----

    StateResponse state(StateRequest req) throws TtrpcException {
        Task task = find(req.getId(), req.getExecId());
        StateResponse.Builder b = StateResponse.newBuilder()
                .setId(task.id).setBundle(task.bundle.toString()).setPid((int) task.pid())
                .setStatus(switch (task.status()) {
                    case CREATED -> Status.CREATED;
                    case RUNNING -> Status.RUNNING;
                    case PAUSED -> Status.PAUSED;
                    case STOPPED -> Status.STOPPED;
                })
                .setStdin(task.stdio.stdin()).setStdout(task.stdio.stdout()).setStderr(task.stdio.stderr())
                .setTerminal(false);
        ExitStatus exit = task.exitStatus();
        if (exit != null) b.setExitStatus(exit.status()).setExitedAt(timestamp(exit.exitedAt()));
        return b.build();
    }

    PidsResponse pids(PidsRequest req) throws TtrpcException {
        Task task = find(req.getId(), "");
        PidsResponse.Builder b = PidsResponse.newBuilder();
        try {
            for (long pid : task.cgroup.pids()) b.addProcesses(ProcessInfo.newBuilder().setPid((int) pid));
        } catch (CgroupException e) {
            throw new TtrpcException(INTERNAL, "container " + task.id + ": " + e.getMessage());
        }
        return b.build();
    }

    ConnectResponse connect(ConnectRequest req) throws TtrpcException {
        Task task = tasks.get(req.getId());
        return ConnectResponse.newBuilder()
                .setShimPid((int) ProcessHandle.current().pid())
                .setTaskPid(task == null ? 0 : (int) task.pid())
                .build();
    }

    /**
     * containerd sends Shutdown after every Delete (1.7). The daemon is shared by every
     * container of the namespace, so this never stops it; the daemon's idle timer does, once
     * it has held no task for its idle period.
     */
    Empty shutdown(ShutdownRequest req) {
        LOG.info("shutdown requested; the shared daemon stays while it has tasks or until idle", "id", req.getId(), "tasks", taskCount());
        return Empty.getDefaultInstance();
    }

    /**
     * Nothing to close here: the worker reads the container's stdin FIFO itself (no copy through
     * the shim, as runc's shim makes), so the function sees the end of its stdin when containerd's
     * side closes its write end, which is what a CloseIO follows.
     */
    Empty closeIO(CloseIORequest req) throws TtrpcException {
        find(req.getId(), req.getExecId());
        return Empty.getDefaultInstance();
    }

    private Task find(String id, String execId) throws TtrpcException {
        if (execId != null && !execId.isEmpty()) {
            throw new TtrpcException(NOT_FOUND, "container " + id + ": exec process " + execId + " not found (exec is not supported yet)");
        }
        Task task = tasks.get(id);
        if (task == null) throw new TtrpcException(NOT_FOUND, "container " + id + ": not found");
        return task;
    }

    /** Milliseconds since {@code nanoTime} with one decimal, for the log. */
    private static String millisSince(long nanoTime) {
        return millis(System.nanoTime() - nanoTime);
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
