package dev.hearth.launcher;

/**
 * The seam between the shim and "how a function runs". The shim's task service only talks to
 * this interface; JVM workers, the warm pool and the control protocol stay behind it.
 */
public interface FunctionLauncher extends AutoCloseable {

    /**
     * Brings a function process to life for one container: a worker is started (or claimed from
     * the pool), placed in the container's cgroup, given the entrypoint, env and stdio, and has
     * parsed and linked the module. Returns once it is ready to {@link FunctionProcess#start()}.
     */
    FunctionProcess create(FunctionSpec spec) throws LaunchException;

    @Override
    void close();
}
