package dev.hearth.launcher;

import dev.hearth.cgroups.Cgroup;
import java.util.concurrent.CompletableFuture;

/** One container's function process, as the shim sees it. */
public interface FunctionProcess {

    /** The real (host) pid of the worker process. */
    long pid();

    /** The container's cgroup, which the process is in; null when the spec asked for none. */
    Cgroup cgroup();

    /** Evaluates the loaded module: the function starts running. */
    void start() throws LaunchException;

    /** Completes when the process has exited (and its stdio is closed). */
    CompletableFuture<ExitStatus> exited();

    /**
     * Completes, before {@link #exited()}, when the function ran out of memory within its own
     * limits (the worker's heap) and the process is about to exit with 137; the value is what the
     * worker told the user. The kernel's OOM killer is seen on the cgroup, not here. Never
     * completes for a process that cannot report it.
     */
    default CompletableFuture<String> outOfMemory() {
        return new CompletableFuture<>();
    }
}
