package dev.hearth.cgroups;

/**
 * A running watch for OOM kills in one cgroup, from {@link Cgroup#watchOom}. The callback runs on
 * the watcher's own daemon thread, once per notification the kernel gives. Closing stops the
 * thread and releases every file descriptor; the watch also ends by itself when the cgroup is
 * removed (close is still allowed and needed to join the thread).
 */
public interface OomWatcher extends AutoCloseable {

    /** Idempotent; may be called from the callback itself. */
    @Override
    void close();
}
