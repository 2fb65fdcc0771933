package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources;
import dev.hearth.sys.Signals;

import java.nio.file.Path;
import java.util.List;

/** A container's cgroup on v2: one directory. */
final class V2Cgroup implements Cgroup {
    static final long FREEZE_TIMEOUT_MS = 2_000;

    private final String path;
    private final Path root;
    private final Path dir;

    /** {@code dir} lies below {@code root}, the mount point of the unified hierarchy. */
    V2Cgroup(String path, Path root, Path dir) {
        this.path = path;
        this.root = root;
        this.dir = dir;
    }

    @Override
    public String path() {
        return path;
    }

    Path dir() {
        return dir;
    }

    @Override
    public void addProcess(long pid) throws CgroupException {
        if (pid <= 0) throw new CgroupException("cgroup " + path + ": invalid pid " + pid);
        CgroupFiles.write(path, dir, "cgroup.procs", Long.toString(pid));
    }

    @Override
    public List<Long> pids() throws CgroupException {
        if (!CgroupFiles.exists(dir, "cgroup.procs")) return List.of();
        return Procs.parse(path, CgroupFiles.read(path, dir, "cgroup.procs"));
    }

    /** SIGKILL through cgroup.kill (Linux >= 5.14) kills atomically, forks included; else freeze, signal, thaw. */
    @Override
    public void killAll(int signal) throws CgroupException {
        if (signal == Signals.SIGKILL && CgroupFiles.exists(dir, "cgroup.kill")) {
            CgroupFiles.write(path, dir, "cgroup.kill", "1");
            return;
        }
        FrozenKill.signalAll(this, CgroupFiles.exists(dir, "cgroup.freeze"), signal);
    }

    /** cgroup.freeze starts freezing; cgroup.events says "frozen 1" once every task stopped. */
    @Override
    public void freeze() throws CgroupException {
        CgroupFiles.write(path, dir, "cgroup.freeze", "1");
        long deadline = System.nanoTime() + FREEZE_TIMEOUT_MS * 1_000_000;
        try {
            while (!isFrozen()) {
                if (System.nanoTime() > deadline) {
                    throw new CgroupException("cgroup " + path + ": cgroup.events did not report frozen within "
                            + FREEZE_TIMEOUT_MS + " ms (a task in uninterruptible sleep cannot be frozen); thawed again");
                }
                CgroupDirs.sleep(5);
            }
        } catch (CgroupException e) {
            throw CgroupDirs.thawedAfter(this, e);
        }
    }

    @Override
    public boolean frozen() throws CgroupException {
        return isFrozen();
    }

    private boolean isFrozen() throws CgroupException {
        for (String line : CgroupFiles.read(path, dir, "cgroup.events").split("\n")) {
            if (line.strip().equals("frozen 1")) return true;
        }
        return false;
    }

    @Override
    public void thaw() throws CgroupException {
        CgroupFiles.write(path, dir, "cgroup.freeze", "0");
    }

    @Override
    public void update(LinuxResources resources) throws CgroupException {
        resources = V2CgroupManager.withoutUnavailableHugetlb(path, resources, root);
        V2CgroupManager.enableAbove(path, root, dir, V2Resources.controllersNeeded(resources));
        V2Resources.apply(path, resources, dir);
    }

    @Override
    public CgroupStats stats() throws CgroupException {
        return V2Stats.read(path, dir);
    }

    @Override
    public long memoryLimit() throws CgroupException {
        return StatFiles.valueOr(path, dir, "memory.max", CgroupStats.MAX);
    }

    @Override
    public long memoryUsage() throws CgroupException {
        return StatFiles.valueOr(path, dir, "memory.current", 0);
    }

    @Override
    public OomWatcher watchOom(Runnable onOom) throws CgroupException {
        return V2OomWatcher.start(path, dir, onOom);
    }

    @Override
    public boolean oomKilled() throws CgroupException {
        if (!CgroupFiles.exists(dir, "memory.events")) {
            throw new CgroupException("cgroup " + path + ": no memory.events in " + dir + " (memory controller not enabled?)");
        }
        return V2OomWatcher.oomKills(path, dir) > 0;
    }

    @Override
    public void delete() throws CgroupException {
        CgroupDirs.rmdir(path, dir);
    }

    @Override
    public String toString() {
        return "cgroup v2 " + path;
    }
}
