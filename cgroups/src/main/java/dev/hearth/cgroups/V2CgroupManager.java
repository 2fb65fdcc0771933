package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * cgroup v2 (unified): a container's cgroup is one directory under the root. Controllers are
 * enabled top-down: a cgroup can use a controller only when its parent lists it in
 * {@code cgroup.subtree_control}.
 */
public final class V2CgroupManager implements CgroupManager {
    private final Path root;
    private final String ownCgroup;

    /**
     * @param root where the unified hierarchy is mounted (/sys/fs/cgroup, or a temp dir in tests)
     * @param ownCgroup the caller's cgroup, the base of relative paths
     */
    public V2CgroupManager(Path root, String ownCgroup) {
        this.root = root;
        this.ownCgroup = ownCgroup == null ? "/" : ownCgroup;
    }

    public V2CgroupManager(Path root) {
        this(root, "/");
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public Cgroup create(String cgroupsPath, LinuxResources resources) throws CgroupException {
        Path dir = root.resolve(resolve(cgroupsPath).substring(1));
        resources = withoutUnavailableHugetlb(cgroupsPath, resources, root);
        if (resources != null) HugetlbLimits.validate(cgroupsPath, resources.hugepageLimits());
        Set<String> needed = V2Resources.controllersNeeded(resources);
        List<Path> created = new ArrayList<>();
        try {
            makeDirs(cgroupsPath, root, dir, needed, created);
            V2Resources.apply(cgroupsPath, resources, dir);
            return new V2Cgroup(cgroupsPath, root, dir);
        } catch (CgroupException e) {
            CgroupDirs.rollback(cgroupsPath, created, e);
            throw e;
        }
    }

    @Override
    public Cgroup open(String cgroupsPath) throws CgroupException {
        return new V2Cgroup(cgroupsPath, root, root.resolve(resolve(cgroupsPath).substring(1)));
    }

    private String resolve(String cgroupsPath) throws CgroupException {
        String path = CgroupPaths.resolve(cgroupsPath, ownCgroup);
        if (path.equals("/")) {
            throw new CgroupException("cgroupsPath " + cgroupsPath + ": names the cgroup root; a container needs its own cgroup");
        }
        return path;
    }

    /**
     * mkdir -p of {@code leaf} below {@code root}, enabling {@code needed} in each level before
     * the next is made; the directories made are added to {@code created} (for rollback).
     */
    static void makeDirs(String cgroup, Path root, Path leaf, Set<String> needed, List<Path> created) throws CgroupException {
        Path dir = root;
        for (Path part : root.relativize(leaf)) {
            enable(cgroup, dir, needed);
            dir = dir.resolve(part);
            if (CgroupDirs.mkdir(cgroup, dir)) created.add(dir);
        }
    }

    /**
     * {@code r} as it can be applied under {@code root}: hugepage limits are dropped, with a log
     * line, when the kernel has no hugetlb controller (not in the root's cgroup.controllers).
     */
    static LinuxResources withoutUnavailableHugetlb(String cgroup, LinuxResources r, Path root) throws CgroupException {
        if (!HugetlbLimits.any(r)) return r;
        if (words(CgroupFiles.read(cgroup, root, "cgroup.controllers")).contains("hugetlb")) return r;
        return HugetlbLimits.skipped(cgroup, r, "no hugetlb controller in " + root.resolve("cgroup.controllers"));
    }

    /**
     * Makes {@code needed} available to {@code leaf} (an existing cgroup below {@code root}) by
     * enabling it in every ancestor from the root down, as create does: a live update may add a
     * limit whose controller the create did not need.
     */
    static void enableAbove(String cgroup, Path root, Path leaf, Set<String> needed) throws CgroupException {
        if (needed.isEmpty()) return;
        Path dir = root;
        for (Path part : root.relativize(leaf)) {
            enable(cgroup, dir, needed);
            dir = dir.resolve(part);
        }
    }

    /**
     * Makes {@code needed} available to the children of {@code dir}. Writing
     * {@code cgroup.subtree_control} fails with EBUSY in a non-root cgroup that holds processes
     * ("no internal processes"): the message says so, since that is the usual cause.
     */
    private static void enable(String cgroup, Path dir, Set<String> needed) throws CgroupException {
        if (needed.isEmpty()) return;
        Set<String> available = words(CgroupFiles.read(cgroup, dir, "cgroup.controllers"));
        Set<String> enabled = words(CgroupFiles.read(cgroup, dir, "cgroup.subtree_control"));
        Set<String> missing = new LinkedHashSet<>(needed);
        missing.removeAll(enabled);
        if (missing.isEmpty()) return;
        Set<String> unavailable = new LinkedHashSet<>(missing);
        unavailable.removeAll(available);
        if (!unavailable.isEmpty()) {
            throw new CgroupException("cgroup " + cgroup + ": controller(s) " + String.join(" ", unavailable)
                    + " not available in " + dir + " (cgroup.controllers: " + String.join(" ", available) + ")");
        }
        StringBuilder line = new StringBuilder();
        for (String c : missing) line.append(line.isEmpty() ? "" : " ").append('+').append(c);
        try {
            CgroupFiles.write(cgroup, dir, "cgroup.subtree_control", line.toString());
        } catch (CgroupException e) {
            throw new CgroupException(e.getMessage() + " in " + dir
                    + (e.getMessage().contains("busy") ? " (it holds processes, so it cannot delegate controllers)" : ""), e);
        }
    }

    static Set<String> words(String s) {
        return s.isBlank() ? Set.of() : new HashSet<>(Arrays.asList(s.strip().split("\\s+")));
    }
}
