package dev.hearth.cgroups;

/**
 * The thread and shutdown logic shared by the v1 (eventfd) and v2 (inotify) watchers: a daemon
 * platform thread blocks in a native read (a virtual thread would pin its carrier there), runs
 * the callback per notification, and releases the native fds when it ends. close() wakes it
 * through the same fd. The lock orders wake-up against release, so no fd number is used after
 * it was closed (and possibly handed to someone else).
 */
abstract class BlockingOomWatcher implements OomWatcher {
    /** The native read needs little stack; many containers mean many watchers. */
    private static final long STACK_BYTES = 256 * 1024;

    protected final String cgroup;
    private final Runnable onOom;
    private final Object lock = new Object();
    private boolean closed;
    private boolean released;
    private Thread thread;

    BlockingOomWatcher(String cgroup, Runnable onOom) {
        this.cgroup = cgroup;
        this.onOom = onOom;
    }

    /** Called once the fds are set up; from then on the thread owns releasing them. */
    final void start(String kind) {
        thread = Thread.ofPlatform().daemon().name("oom-watch " + kind + " " + cgroup).stackSize(STACK_BYTES)
                .unstarted(this::run);
        thread.start();
    }

    /**
     * Blocks until the kernel reports something. true: an OOM kill happened; false: the watch is
     * over (the cgroup was removed, or {@link #wake} was called).
     */
    abstract boolean awaitOom();

    /** Makes a blocked {@link #awaitOom} return; called under the lock, before release. */
    abstract void wake();

    /** Closes the native fds; called once, under the lock, from the watcher thread. */
    abstract void release();

    /** Whether the watcher thread still runs (tests: the watch ends by itself when the cgroup goes). */
    final boolean threadAlive() {
        return thread.isAlive();
    }

    final boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private void run() {
        try {
            while (awaitOom() && !isClosed()) {
                try {
                    onOom.run();
                } catch (RuntimeException e) {
                    // A failing callback must not end the watch; report it as uncaught.
                    Thread t = Thread.currentThread();
                    t.getUncaughtExceptionHandler().uncaughtException(t, e);
                }
            }
        } catch (RuntimeException e) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t,
                    new IllegalStateException("cgroup " + cgroup + ": OOM watch failed: " + e.getMessage(), e));
        } finally {
            synchronized (lock) {
                released = true;
                release();
            }
        }
    }

    @Override
    public final void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                if (!released) wake();
            }
        }
        if (Thread.currentThread() == thread) return; // from the callback: the loop ends after it
        // Also when the callback closed it already: returning means the fds are released.
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the fds must be released before close returns
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
