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

    /** Sends {@code signal} to every process in the cgroup. */
    void killAll(int signal) throws CgroupException;

    /** Removes the cgroup; it must be empty. Idempotent. */
    void delete() throws CgroupException;
}
