package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** A container's cgroup on v1: one directory per mounted hierarchy. */
final class V1Cgroup implements Cgroup {
    /** How long to wait for the freezer to report FROZEN (processes in uninterruptible sleep delay it). */
    static final long FREEZE_TIMEOUT_MS = 2_000;

    private final String path;
    private final Map<V1Hierarchy, Path> dirs;

    V1Cgroup(String path, Map<V1Hierarchy, Path> dirs) {
        this.path = path;
        this.dirs = Map.copyOf(dirs);
    }

    @Override
    public String path() {
        return path;
    }

    /** The directory per hierarchy, for inspection (stats, tests). */
    Map<V1Hierarchy, Path> dirs() {
        return dirs;
    }

    @Override
    public void addProcess(long pid) throws CgroupException {
        if (pid <= 0) throw new CgroupException("cgroup " + path + ": invalid pid " + pid);
        for (Path dir : dirs.values()) CgroupFiles.write(path, dir, "cgroup.procs", Long.toString(pid));
    }

    /** The union over all hierarchies: a process half-moved by a failed addProcess still counts. */
    @Override
    public List<Long> pids() throws CgroupException {
        TreeSet<Long> pids = new TreeSet<>();
        for (Path dir : dirs.values()) {
            if (!CgroupFiles.exists(dir, "cgroup.procs")) continue; // deleted or never created
            pids.addAll(Procs.parse(path, CgroupFiles.read(path, dir, "cgroup.procs")));
        }
        return new ArrayList<>(pids);
    }

    @Override
    public void killAll(int signal) throws CgroupException {
        FrozenKill.signalAll(this, freezer() != null, signal);
    }

    @Override
    public void freeze() throws CgroupException {
        Path dir = requireFreezer();
        long deadline = System.nanoTime() + FREEZE_TIMEOUT_MS * 1_000_000;
        // Writing FROZEN starts freezing; the state reads FREEZING until every task stopped.
        // Writing again retries tasks that were busy, as the kernel documentation advises.
        while (true) {
            CgroupFiles.write(path, dir, "freezer.state", "FROZEN");
            String state = CgroupFiles.read(path, dir, "freezer.state");
            if (state.equals("FROZEN")) return;
            if (System.nanoTime() > deadline) {
                thaw();
                throw new CgroupException("cgroup " + path + ": freezer.state did not reach FROZEN within "
                        + FREEZE_TIMEOUT_MS + " ms (still " + state
                        + "; a task in uninterruptible sleep cannot be frozen); thawed again");
            }
            CgroupDirs.sleep(5);
        }
    }

    @Override
    public boolean frozen() throws CgroupException {
        return CgroupFiles.read(path, requireFreezer(), "freezer.state").equals("FROZEN");
    }

    @Override
    public void thaw() throws CgroupException {
        CgroupFiles.write(path, requireFreezer(), "freezer.state", "THAWED");
    }

    @Override
    public void update(LinuxResources resources) throws CgroupException {
        V1Resources.checkControllers(path, resources, dirs.keySet());
        V1Resources.apply(path, resources, dirs);
    }

    @Override
    public CgroupStats stats() throws CgroupException {
        return V1Stats.read(path, dir("memory"), dir("cpuacct"), dir("cpu"), dir("pids"));
    }

    @Override
    public OomWatcher watchOom(Runnable onOom) throws CgroupException {
        return V1OomWatcher.start(path, requireMemory(), onOom);
    }

    @Override
    public boolean oomKilled() throws CgroupException {
        var oom = StatFiles.flatKeyed(path, "memory.oom_control", CgroupFiles.read(path, requireMemory(), "memory.oom_control"));
        Long kills = oom.get("oom_kill");
        return kills != null ? kills > 0 : oom.getOrDefault("under_oom", 0L) == 1;
    }

    @Override
    public void delete() throws CgroupException {
        CgroupException failure = null;
        for (Path dir : dirs.values()) {
            try {
                CgroupDirs.rmdir(path, dir);
            } catch (CgroupException e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }

    private Path freezer() {
        return dir("freezer");
    }

    /** This cgroup's directory in the hierarchy carrying {@code controller}; null when not mounted. */
    Path dir(String controller) {
        for (Map.Entry<V1Hierarchy, Path> e : dirs.entrySet()) if (e.getKey().has(controller)) return e.getValue();
        return null;
    }

    private Path requireMemory() throws CgroupException {
        Path dir = dir("memory");
        if (dir == null) throw new CgroupException("cgroup " + path + ": the memory controller is not mounted");
        return dir;
    }

    private Path requireFreezer() throws CgroupException {
        Path dir = freezer();
        if (dir == null) throw new CgroupException("cgroup " + path + ": the freezer controller is not mounted");
        return dir;
    }

    @Override
    public String toString() {
        return "cgroup v1 " + path;
    }
}
