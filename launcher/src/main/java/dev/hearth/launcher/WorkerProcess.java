package dev.hearth.launcher;

import dev.hearth.launcher.protocol.ControlMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A container's worker after a successful Load: {@link #start()} sends Start, and the worker's
 * process exit is the function's exit. Java reports a signalled process as 128+signal, which is
 * what containerd expects (SIGKILL: 137).
 */
final class WorkerProcess implements FunctionProcess {

    private final String containerId;
    private final BootedWorker worker;
    private final CompletableFuture<ExitStatus> exited;
    private boolean started;

    WorkerProcess(String containerId, BootedWorker worker) {
        this.containerId = containerId;
        this.worker = worker;
        this.exited = worker.process().onExit().thenApply(process -> {
            worker.control().closeQuietly();
            return new ExitStatus(process.exitValue(), Instant.now());
        });
    }

    @Override
    public long pid() {
        return worker.pid();
    }

    @Override
    public synchronized void start() throws LaunchException {
        if (started) {
            throw new LaunchException("container " + containerId + ": already started");
        }
        started = true;
        try {
            worker.control().send(new ControlMessage.Start());
        } catch (IOException e) {
            throw new LaunchException("container " + containerId + ": worker " + pid()
                    + " is gone, it could not be started: " + e.getMessage(), e);
        } finally {
            // Start is the last frame; the worker closes its end too.
            worker.control().closeQuietly();
        }
    }

    @Override
    public CompletableFuture<ExitStatus> exited() {
        return exited;
    }
}
