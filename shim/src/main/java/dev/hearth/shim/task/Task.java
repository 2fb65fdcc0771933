package dev.hearth.shim.task;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.cgroups.OomWatcher;
import dev.hearth.launcher.ExitStatus;
import dev.hearth.launcher.FunctionProcess;
import dev.hearth.launcher.Stdio;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * One container served by the daemon: its function process and the resources it holds.
 * Status changes happen under the task's monitor so that events leave in containerd's order
 * (create, start, exit, delete) even when the function exits right after Start.
 */
final class Task {
    enum Status { CREATED, RUNNING, PAUSED, STOPPED }

    final String id;
    final Path bundle;
    final Stdio stdio;
    final Rootfs rootfs;
    final Cgroup cgroup;
    final FunctionProcess process;
    final TaskStateDir stateDir;
    /** The {@code binary://} logger reading the function's output, or null (FIFOs, files, none). */
    final BinaryLogger logger;
    final CompletableFuture<ExitStatus> exited = new CompletableFuture<>();
    private Status status = Status.CREATED;
    /**
     * What publishes TaskOOM while the task lives, closed at Delete: registered after Create
     * replied, and completed then with the watcher, or with null when the kernel's notification
     * could not be had. Start and Delete wait for it.
     */
    final CompletableFuture<OomWatcher> oomWatch = new CompletableFuture<>();
    /** How long the launcher's create took (the rest of Create is the shim's: spec, rootfs, cgroup, state). */
    final long launchNanos;

    Task(String id, Path bundle, Stdio stdio, Rootfs rootfs, Cgroup cgroup, FunctionProcess process,
         TaskStateDir stateDir, BinaryLogger logger, long launchNanos) {
        this.id = id;
        this.bundle = bundle;
        this.stdio = stdio;
        this.rootfs = rootfs;
        this.cgroup = cgroup;
        this.process = process;
        this.stateDir = stateDir;
        this.logger = logger;
        this.launchNanos = launchNanos;
    }

    synchronized Status status() { return status; }

    synchronized void status(Status s) { status = s; }

    long pid() { return process.pid(); }

    /** The exit status, or null while the process runs. */
    ExitStatus exitStatus() { return exited.getNow(null); }
}
