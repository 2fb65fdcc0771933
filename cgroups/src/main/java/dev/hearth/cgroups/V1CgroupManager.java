package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources;
import dev.hearth.sys.MountInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * cgroup v1: a container's cgroup is the directory of its path in every mounted hierarchy.
 * Relative paths are placed under the caller's own cgroup of each hierarchy.
 */
public final class V1CgroupManager implements CgroupManager {
    private final List<V1Hierarchy> hierarchies;
    private final ProcessCgroups own;
    /** A hybrid host's cgroup2 mount, for hugetlb when no v1 hierarchy has it; null otherwise. */
    private final HybridHugetlb hybrid;

    public V1CgroupManager(List<V1Hierarchy> hierarchies, ProcessCgroups own) throws CgroupException {
        this(hierarchies, own, null);
    }

    /** {@code hybrid}: the cgroup2 mount of a hybrid host (null: none), used only when no v1 hierarchy has hugetlb. */
    V1CgroupManager(List<V1Hierarchy> hierarchies, ProcessCgroups own, HybridHugetlb hybrid) throws CgroupException {
        if (hierarchies.isEmpty()) throw new CgroupException("no cgroup v1 hierarchy is mounted");
        this.hierarchies = List.copyOf(hierarchies);
        this.own = own;
        this.hybrid = hierarchies.stream().anyMatch(h -> h.has("hugetlb")) ? null : hybrid;
    }

    /**
     * The hierarchies found under {@code root} (see {@link V1Hierarchy#scan}) and its cgroup2
     * mount {@code unified} if any, the caller at "/" in each.
     */
    public V1CgroupManager(Path root) throws CgroupException {
        this(V1Hierarchy.scan(root), new ProcessCgroups(Map.of(), "/"), HybridHugetlb.scan(root));
    }

    /** The hierarchies this process has mounted, relative paths under its own cgroups. */
    public static V1CgroupManager fromMountTable() throws CgroupException {
        List<MountInfo> mounts;
        try {
            mounts = MountInfo.self();
        } catch (IOException e) {
            throw new CgroupException("read " + MountInfo.SELF + ": " + e.getMessage(), e);
        }
        ProcessCgroups own = ProcessCgroups.self();
        return new V1CgroupManager(V1Hierarchy.fromMountTable(mounts), own,
                HybridHugetlb.fromMountTable(mounts, own.unified()));
    }

    public List<V1Hierarchy> hierarchies() {
        return hierarchies;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public Cgroup create(String cgroupsPath, LinuxResources resources) throws CgroupException {
        Map<V1Hierarchy, Path> dirs = dirs(cgroupsPath);
        V1Resources.checkControllers(cgroupsPath, resources, dirs.keySet());
        if (resources != null) HugetlbLimits.validate(cgroupsPath, resources.hugepageLimits());
        List<Path> created = new ArrayList<>();
        try {
            for (Map.Entry<V1Hierarchy, Path> e : dirs.entrySet()) {
                makeDirs(cgroupsPath, e.getKey(), e.getValue(), created);
            }
            V1Cgroup cgroup = new V1Cgroup(cgroupsPath, dirs, hybrid, existingUnifiedDir(cgroupsPath));
            V1Resources.apply(cgroupsPath, resources, dirs);
            if (resources != null) cgroup.applyHugetlb(resources.hugepageLimits());
            return cgroup;
        } catch (CgroupException e) {
            CgroupDirs.rollback(cgroupsPath, created, e);
            throw e;
        }
    }

    /**
     * rename(2) of the cgroup's directory in every hierarchy; a failure part way renames the done
     * ones back. Null when a directory would change parent (the kernel refuses that with EIO) or
     * the cgroup has a directory in a hybrid host's cgroup2 mount, which cannot be renamed.
     */
    @Override
    public Cgroup rename(Cgroup cgroup, String cgroupsPath) throws CgroupException {
        if (!(cgroup instanceof V1Cgroup old) || old.unifiedDir() != null) return null;
        Map<V1Hierarchy, Path> from = old.dirs();
        Map<V1Hierarchy, Path> to = dirs(cgroupsPath);
        if (!from.keySet().equals(to.keySet())) return null;
        for (Map.Entry<V1Hierarchy, Path> e : to.entrySet()) {
            if (!e.getValue().getParent().equals(from.get(e.getKey()).getParent())) return null;
        }
        List<V1Hierarchy> done = new ArrayList<>();
        try {
            for (V1Hierarchy h : to.keySet()) {
                CgroupDirs.rename(cgroupsPath, from.get(h), to.get(h));
                done.add(h);
            }
        } catch (CgroupException e) {
            for (V1Hierarchy h : done.reversed()) {
                try {
                    CgroupDirs.rename(old.path(), to.get(h), from.get(h));
                } catch (CgroupException undo) {
                    e.addSuppressed(undo);
                }
            }
            throw e;
        }
        return new V1Cgroup(cgroupsPath, to, hybrid, null);
    }

    @Override
    public boolean renames() {
        return true;
    }

    @Override
    public Cgroup open(String cgroupsPath) throws CgroupException {
        return new V1Cgroup(cgroupsPath, dirs(cgroupsPath), hybrid, existingUnifiedDir(cgroupsPath));
    }

    /**
     * The cgroup's directory in the hybrid cgroup2 mount when it exists (made for hugepage limits
     * by this or an earlier daemon), so that it is joined and removed with the rest; null when
     * there is none. Only a stat: nothing is made for cgroups without hugepage limits.
     */
    private Path existingUnifiedDir(String cgroupsPath) {
        if (hybrid == null) return null;
        try {
            Path dir = hybrid.dirOf(cgroupsPath);
            return Files.isDirectory(dir) ? dir : null;
        } catch (CgroupException e) {
            return null; // a path the cgroup2 mount cannot hold: nothing of it can exist there
        }
    }

    private Map<V1Hierarchy, Path> dirs(String cgroupsPath) throws CgroupException {
        Map<V1Hierarchy, Path> dirs = new LinkedHashMap<>();
        for (V1Hierarchy h : hierarchies) {
            String path = CgroupPaths.resolve(cgroupsPath, own.v1Path(h.controllers()));
            if (path.equals("/") || path.equals(h.mountRoot())) {
                throw new CgroupException("cgroupsPath " + cgroupsPath + ": names the root of the "
                        + String.join(",", h.controllers()) + " hierarchy; a container needs its own cgroup");
            }
            dirs.put(h, h.dirOf(path));
        }
        return dirs;
    }

    /**
     * mkdir -p below the mount point. In a cpuset hierarchy a new cgroup starts with empty
     * cpuset.cpus/mems (unless cgroup.clone_children is set) and no process can join it, so each
     * level gets its parent's values.
     */
    private static void makeDirs(String cgroup, V1Hierarchy h, Path dir, List<Path> created) throws CgroupException {
        Path current = h.mountPoint();
        for (Path part : h.mountPoint().relativize(dir)) {
            Path parent = current;
            current = current.resolve(part);
            if (CgroupDirs.mkdir(cgroup, current)) created.add(current);
            if (h.has("cpuset")) {
                inheritIfEmpty(cgroup, parent, current, "cpuset.cpus");
                inheritIfEmpty(cgroup, parent, current, "cpuset.mems");
            }
        }
    }

    private static void inheritIfEmpty(String cgroup, Path parent, Path dir, String file) throws CgroupException {
        if (!CgroupFiles.read(cgroup, dir, file).isEmpty()) return;
        CgroupFiles.write(cgroup, dir, file, CgroupFiles.read(cgroup, parent, file));
    }
}
