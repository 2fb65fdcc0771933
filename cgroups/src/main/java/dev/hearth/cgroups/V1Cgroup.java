package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources;
import dev.hearth.oci.runtime.LinuxResources.HugepageLimit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A container's cgroup on v1: one directory per mounted hierarchy, plus, on a hybrid host whose
 * hugetlb controller is in the cgroup2 mount, a directory there once hugepage limits need it.
 */
final class V1Cgroup implements Cgroup {
    /** How long to wait for the freezer to report FROZEN (processes in uninterruptible sleep delay it). */
    static final long FREEZE_TIMEOUT_MS = 2_000;

    private final String path;
    private final Map<V1Hierarchy, Path> dirs;
    /** The cgroup2 mount carrying hugetlb when no v1 hierarchy does; null otherwise. */
    private final HybridHugetlb hybrid;
    /** This cgroup's directory in {@link #hybrid}, once made or found; null while it has none. */
    private volatile Path unifiedDir;

    V1Cgroup(String path, Map<V1Hierarchy, Path> dirs) {
        this(path, dirs, null, null);
    }

    /** {@code unifiedDir}: this cgroup's existing directory in {@code hybrid}, or null. */
    V1Cgroup(String path, Map<V1Hierarchy, Path> dirs, HybridHugetlb hybrid, Path unifiedDir) {
        this.path = path;
        this.dirs = Map.copyOf(dirs);
        this.hybrid = hybrid;
        this.unifiedDir = unifiedDir;
    }

    @Override
    public String path() {
        return path;
    }

    /** The directory per hierarchy, for inspection (stats, tests). */
    Map<V1Hierarchy, Path> dirs() {
        return dirs;
    }

    /** The directory in the hybrid host's cgroup2 mount (hugetlb), or null when it has none. */
    Path unifiedDir() {
        return unifiedDir;
    }

    /** Every directory a process of this cgroup is in: one per hierarchy, and the cgroup2 one when made. */
    private List<Path> allDirs() {
        List<Path> all = new ArrayList<>(dirs.values());
        Path unified = unifiedDir;
        if (unified != null) all.add(unified);
        return all;
    }

    @Override
    public void addProcess(long pid) throws CgroupException {
        if (pid <= 0) throw new CgroupException("cgroup " + path + ": invalid pid " + pid);
        for (Path dir : allDirs()) CgroupFiles.write(path, dir, "cgroup.procs", Long.toString(pid));
    }

    /** The union over all hierarchies: a process half-moved by a failed addProcess still counts. */
    @Override
    public List<Long> pids() throws CgroupException {
        return new ArrayList<>(new TreeSet<>(pidsIn(allDirs())));
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
        try {
            while (true) {
                CgroupFiles.write(path, dir, "freezer.state", "FROZEN");
                String state = CgroupFiles.read(path, dir, "freezer.state");
                if (state.equals("FROZEN")) return;
                if (System.nanoTime() > deadline) {
                    throw new CgroupException("cgroup " + path + ": freezer.state did not reach FROZEN within "
                            + FREEZE_TIMEOUT_MS + " ms (still " + state
                            + "; a task in uninterruptible sleep cannot be frozen); thawed again");
                }
                CgroupDirs.sleep(5);
            }
        } catch (CgroupException e) {
            throw CgroupDirs.thawedAfter(this, e);
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
        if (resources != null) HugetlbLimits.validate(path, resources.hugepageLimits());
        V1Resources.apply(path, resources, dirs);
        if (resources != null) applyHugetlb(resources.hugepageLimits());
    }

    /**
     * Writes hugepage limits where this host keeps hugetlb: the v1 hugetlb hierarchy; else the
     * cgroup2 mount of a hybrid host, making this cgroup's directory there first when it has
     * none (the processes already in the cgroup are moved into it); else nowhere, logged.
     */
    void applyHugetlb(List<HugepageLimit> limits) throws CgroupException {
        if (limits.isEmpty()) return;
        Path v1 = dir("hugetlb");
        if (v1 != null) {
            HugetlbLimits.write(path, v1, limits, HugetlbLimits.Files.V1);
            return;
        }
        if (hybrid == null || !hybrid.available(path)) {
            SkippedResource.log(path, "hugepageLimits", hybrid == null
                    ? "no hugetlb controller: no v1 hugetlb hierarchy and no cgroup2 mount"
                    : "no hugetlb controller: no v1 hugetlb hierarchy, none in " + hybrid.mountPoint().resolve("cgroup.controllers"));
            return;
        }
        Path joined = unifiedDir;
        Path dir = joined != null ? joined : hybrid.dirOf(path);
        List<Path> created = new ArrayList<>();
        try {
            // also for a directory that exists: hugetlb may not be enabled above it yet
            hybrid.makeDirs(path, dir, created);
            HugetlbLimits.write(path, dir, limits, HugetlbLimits.Files.V2);
            if (joined == null) joinUnified(dir);
        } catch (CgroupException e) {
            CgroupDirs.rollback(path, created, e);
            throw e;
        }
        unifiedDir = dir;
    }

    /**
     * Moves the processes already in the v1 cgroups (a live update adding the first hugepage
     * limit) into the new cgroup2 directory. A second pass catches children forked during the
     * first, which stay where their parent was at fork time; a process that exited meanwhile is
     * no error.
     */
    private void joinUnified(Path dir) throws CgroupException {
        for (int pass = 0; pass < 2; pass++) {
            List<Long> inV1 = new ArrayList<>(new TreeSet<>(pidsIn(dirs.values())));
            inV1.removeAll(pidsIn(List.of(dir)));
            if (inV1.isEmpty()) return;
            for (long pid : inV1) {
                try {
                    CgroupFiles.write(path, dir, "cgroup.procs", Long.toString(pid));
                } catch (CgroupException e) {
                    if (Files.exists(Path.of("/proc/" + pid))) throw e;
                }
            }
        }
    }

    /** The pids listed in the cgroup.procs of each directory (one skipped when deleted or never made). */
    private List<Long> pidsIn(Collection<Path> dirsToRead) throws CgroupException {
        List<Long> pids = new ArrayList<>();
        for (Path dir : dirsToRead) {
            if (!CgroupFiles.exists(dir, "cgroup.procs")) continue;
            pids.addAll(Procs.parse(path, CgroupFiles.read(path, dir, "cgroup.procs")));
        }
        return pids;
    }

    @Override
    public CgroupStats stats() throws CgroupException {
        CgroupStats s = V1Stats.read(path, dir("memory"), dir("cpuacct"), dir("cpu"), dir("pids"));
        Path v1 = dir("hugetlb");
        var hugetlb = v1 != null ? HugetlbStats.read(path, v1, HugetlbLimits.Files.V1)
                : HugetlbStats.read(path, unifiedDir, HugetlbLimits.Files.V2);
        return new CgroupStats(s.version(), s.memory(), s.cpu(), s.pids(), hugetlb);
    }

    @Override
    public long memoryLimit() throws CgroupException {
        Path memory = dir("memory");
        return memory == null ? CgroupStats.MAX : StatFiles.valueOr(path, memory, "memory.limit_in_bytes", CgroupStats.MAX);
    }

    @Override
    public long memoryUsage() throws CgroupException {
        Path memory = dir("memory");
        return memory == null ? 0 : StatFiles.valueOr(path, memory, "memory.usage_in_bytes", 0);
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
        for (Path dir : allDirs()) {
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
