package dev.hearth.cgroups;

import java.util.List;

/** One container's cgroup (all controllers of it on v1, one directory on v2). */
public interface Cgroup {

    /** The path as given in {@code linux.cgroupsPath}. */
    String path();

    /** Moves a process (its whole thread group) into this cgroup. */
    void addProcess(long pid) throws CgroupException;

    /** Pids of the processes in this cgroup. */
    List<Long> pids() throws CgroupException;

    /**
     * Sends {@code signal} to every process in the cgroup. The cgroup is frozen while the
     * signals go out (where a freezer is available) so that no process forks a child that
     * escapes them; SIGKILL uses {@code cgroup.kill} on v2 kernels that have it.
     */
    void killAll(int signal) throws CgroupException;

    /** Stops every process of the cgroup; returns once the kernel reports it frozen. */
    void freeze() throws CgroupException;

    /** Lets the processes of a frozen cgroup run again. */
    void thaw() throws CgroupException;

    /** Removes the cgroup; it must be empty. Idempotent. */
    void delete() throws CgroupException;
}
