package dev.hearth.launcher;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.launcher.protocol.ControlMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A container's worker after a successful Load: {@link #start()} sends Start, and the worker's
 * process exit is the function's exit. Java reports a signalled process as 128+signal, which is
 * what containerd expects (SIGKILL: 137).
 */
final class WorkerProcess implements FunctionProcess {

    private final String containerId;
    private final BootedWorker worker;
    private final Cgroup cgroup;
    /** How long the exit waits for the worker's last frames after the process is gone (EOF is immediate). */
    private static final long LAST_WORDS_MILLIS = 2000;

    private final CompletableFuture<ExitStatus> exited;
    private final CompletableFuture<String> outOfMemory = new CompletableFuture<>();
    private final CompletableFuture<Void> listened = new CompletableFuture<>();
    private boolean started;

    WorkerProcess(String containerId, BootedWorker worker, Cgroup cgroup) {
        this.containerId = containerId;
        this.worker = worker;
        this.cgroup = cgroup;
        // The worker's OutOfMemory frame precedes its exit: the exit is reported once the listener
        // saw the end of the connection (and completed outOfMemory), so TaskOOM comes before
        // TaskExit. Composed, not waited for: the process reaper thread must not block.
        this.exited = worker.process().onExit().thenCompose(process -> lastWords().thenApply(ignored -> {
            worker.control().closeQuietly();
            return new ExitStatus(process.exitValue(), Instant.now());
        }));
    }

    /** Completes when the listener is done, at once when there is none, after {@link #LAST_WORDS_MILLIS} at most. */
    private CompletableFuture<Void> lastWords() {
        if (!started()) {
            return CompletableFuture.completedFuture(null);
        }
        return listened.completeOnTimeout(null, LAST_WORDS_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized boolean started() {
        return started;
    }

    @Override
    public Cgroup cgroup() {
        return cgroup;
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
            worker.control().closeQuietly();
            listened.complete(null);
            throw new LaunchException("container " + containerId + ": worker " + pid()
                    + " is gone, it could not be started: " + e.getMessage(), e);
        }
        Thread.ofVirtual().name("hearth-worker-" + pid() + "-control").start(this::listen);
    }

    /**
     * Start was the daemon's last frame; the worker may still say {@link ControlMessage.OutOfMemory}
     * before it exits. Reads until the worker's end closes (its exit) or the exit closes ours.
     */
    private void listen() {
        try {
            while (true) {
                ControlMessage message = worker.control().receive();
                if (message instanceof ControlMessage.OutOfMemory oom) {
                    outOfMemory.complete(oom.message());
                } else {
                    System.err.println("hearth: container " + containerId + ": worker " + pid()
                            + " sent an unexpected " + message.getClass().getSimpleName() + " after Start (ignored)");
                }
            }
        } catch (IOException e) {
            // EOF at the worker's exit, or our end closed: nothing more will come
        } finally {
            listened.complete(null);
        }
    }

    @Override
    public CompletableFuture<String> outOfMemory() {
        return outOfMemory;
    }

    @Override
    public CompletableFuture<ExitStatus> exited() {
        return exited;
    }
}
