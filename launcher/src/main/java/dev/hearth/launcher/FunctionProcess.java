package dev.hearth.launcher;

import java.util.concurrent.CompletableFuture;

/** One container's function process, as the shim sees it. */
public interface FunctionProcess {

    /** The real (host) pid of the worker process. */
    long pid();

    /** Evaluates the loaded module: the function starts running. */
    void start() throws LaunchException;

    /** Completes when the process has exited (and its stdio is closed). */
    CompletableFuture<ExitStatus> exited();
}
