package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources;

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

    /**
     * Stops every process of the cgroup; returns once the kernel reports it frozen (v1
     * freezer.state FROZEN, v2 cgroup.events "frozen 1"). Fails after about 2 s, thawing again,
     * with an error naming the cgroup and the state it was stuck in.
     */
    void freeze() throws CgroupException;

    /** Whether the kernel reports the cgroup frozen (v1 freezer.state FROZEN, v2 cgroup.events frozen 1). */
    boolean frozen() throws CgroupException;

    /** Lets the processes of a frozen cgroup run again. */
    void thaw() throws CgroupException;

    /**
     * Applies new limits to the live cgroup with the same writers as create (absent values are
     * left alone). On v1 a memory limit raised above the current memory+swap limit is written
     * after memory.memsw.limit_in_bytes, as the kernel requires; on v2 controllers the new
     * limits need are enabled in the ancestors first.
     */
    void update(LinuxResources resources) throws CgroupException;

    /** Memory, cpu, pids and hugetlb figures as the cgroup's files report them now. */
    CgroupStats stats() throws CgroupException;

    /**
     * The cgroup's own memory limit in bytes ({@code memory.limit_in_bytes} on v1,
     * {@code memory.max} on v2), {@link CgroupStats#MAX} when unlimited or without a memory
     * controller. One file read: a warm start asks it, where {@link #stats()} reads a dozen.
     */
    long memoryLimit() throws CgroupException;

    /**
     * The memory charged to the cgroup now ({@code memory.usage_in_bytes} on v1,
     * {@code memory.current} on v2), 0 without a memory controller. One file read.
     */
    long memoryUsage() throws CgroupException;

    /**
     * Starts watching for OOM kills in this cgroup; {@code onOom} runs on the watcher's thread
     * for each one. v1: eventfd registered on memory.oom_control through cgroup.event_control;
     * v2: inotify on memory.events, reporting when its oom_kill counter rises.
     */
    OomWatcher watchOom(Runnable onOom) throws CgroupException;

    /**
     * Whether the kernel's OOM killer has killed a process of this cgroup: v2 memory.events
     * oom_kill &gt; 0; v1 memory.oom_control oom_kill &gt; 0 (kernels &gt;= 4.13), or under_oom 1 on
     * older kernels (which only says an OOM is in progress).
     */
    boolean oomKilled() throws CgroupException;

    /** Removes the cgroup; it must be empty. Idempotent. */
    void delete() throws CgroupException;

    /** Kills what is left in the cgroup (SIGKILL, see {@link #killAll}) and removes it. */
    default void destroy() throws CgroupException {
        killAll(dev.hearth.sys.Signals.SIGKILL);
        delete();
    }
}
