package dev.hearth.cgroups;

import dev.hearth.sys.MountInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The hugetlb controller of a hybrid host: v1 hierarchies for everything else, and hugetlb
 * (bound to no v1 hierarchy) available in the cgroup2 mount, usually /sys/fs/cgroup/unified.
 * A container with hugepage limits gets a second directory there, at the same cgroup path,
 * which its processes join as well. Containers without hugepage limits get none: every extra
 * cgroup costs a migration on each start.
 *
 * @param mountPoint where the cgroup2 hierarchy is mounted
 * @param mountRoot which of its cgroups that mount shows ("/" except inside containers)
 * @param ownCgroup the caller's cgroup in it, the base of relative cgroupsPaths
 */
record HybridHugetlb(Path mountPoint, String mountRoot, String ownCgroup) {
    private static final Set<String> HUGETLB = Set.of("hugetlb");

    HybridHugetlb {
        mountRoot = mountRoot == null || mountRoot.isEmpty() ? "/" : mountRoot;
        ownCgroup = ownCgroup == null || ownCgroup.isEmpty() ? "/" : ownCgroup;
    }

    /** The first cgroup2 mount of a hybrid mount table; null when there is none. */
    static HybridHugetlb fromMountTable(List<MountInfo> mounts, String ownCgroup) {
        for (MountInfo m : mounts) {
            if (m.fsType().equals("cgroup2")) return new HybridHugetlb(Path.of(m.mountPoint()), m.root(), ownCgroup);
        }
        return null;
    }

    /** {@code root}/unified when it is a cgroup2 mount (it has cgroup.controllers); null otherwise. */
    static HybridHugetlb scan(Path root) {
        Path unified = root.resolve("unified");
        return Files.exists(unified.resolve("cgroup.controllers")) ? new HybridHugetlb(unified, "/", "/") : null;
    }

    /** Whether hugetlb is in the mount's cgroup.controllers (it is not while a v1 hierarchy holds it). */
    boolean available(String cgroup) throws CgroupException {
        return V2CgroupManager.words(CgroupFiles.read(cgroup, mountPoint, "cgroup.controllers")).contains("hugetlb");
    }

    /** The directory of {@code cgroupsPath} under this mount (not checked for existence). */
    Path dirOf(String cgroupsPath) throws CgroupException {
        String path = CgroupPaths.resolve(cgroupsPath, ownCgroup);
        String rel = path;
        if (!mountRoot.equals("/")) {
            if (!(path.equals(mountRoot) || path.startsWith(mountRoot + "/"))) {
                throw new CgroupException("cgroup " + path + " is outside the part " + mountRoot
                        + " of the cgroup2 hierarchy mounted at " + mountPoint);
            }
            rel = path.substring(mountRoot.length());
        }
        rel = rel.replaceFirst("^/+", "");
        if (rel.isEmpty()) {
            throw new CgroupException("cgroupsPath " + cgroupsPath + ": names the root of the cgroup2 hierarchy at "
                    + mountPoint + "; a container needs its own cgroup");
        }
        return mountPoint.resolve(rel);
    }

    /** mkdir -p of {@code dir} (from {@link #dirOf}), enabling hugetlb in every ancestor; made directories go to {@code created}. */
    void makeDirs(String cgroup, Path dir, List<Path> created) throws CgroupException {
        V2CgroupManager.makeDirs(cgroup, mountPoint, dir, HUGETLB, created);
    }
}
