package dev.hearth.launcher;

/**
 * Where {@link WorkerLauncher} gets a booted worker for a new container. Today a fresh JVM is
 * started each time ({@link WorkerBooter}); the warm pool will be another implementation.
 */
interface WorkerSource extends AutoCloseable {

    /** A worker that is up, connected, and waiting for its Load. */
    BootedWorker obtain(String containerId) throws LaunchException;

    @Override
    void close();
}
