package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources;
import dev.hearth.sys.MountInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Creates and finds container cgroups on this host's cgroup layout, chosen once at start by
 * {@link #detect()}: {@link V2CgroupManager} on a unified (v2 only) host, {@link V1CgroupManager}
 * otherwise. A hybrid host (v1 controllers plus a v2 mount at /sys/fs/cgroup/unified) is treated
 * as v1; the v2 mount is used only for hugetlb, when no v1 hierarchy has it and a container sets
 * hugepage limits.
 */
public interface CgroupManager {

    Path DEFAULT_ROOT = Path.of("/sys/fs/cgroup");

    static CgroupManager detect() throws CgroupException {
        if (Files.exists(DEFAULT_ROOT.resolve("cgroup.controllers"))) {
            return new V2CgroupManager(DEFAULT_ROOT, ProcessCgroups.self().unified());
        }
        return V1CgroupManager.fromMountTable();
    }

    /** 1 or 2. */
    int version();

    /**
     * Whether a cgroup file system of this host is mounted with {@code favordynmods} (the option
     * is global to the kernel: one mount is enough). Without it, moving a process into a cgroup
     * waits for an RCU grace period (the cgroup threadgroup lock: 8-30 ms measured on 6.18), the
     * largest part of a warm start; with it the move takes well under a millisecond, at the cost
     * of slightly slower fork and exit host-wide.
     */
    static boolean favorsDynamicMoves(List<MountInfo> mounts) {
        return mounts.stream()
                .filter(m -> m.fsType().equals("cgroup") || m.fsType().equals("cgroup2"))
                .anyMatch(m -> m.superOptions().contains("favordynmods") || m.mountOptions().contains("favordynmods"));
    }

    /**
     * Creates (or reuses, when it exists) the cgroup {@code cgroupsPath} and applies
     * {@code resources} (null: no limits).
     */
    Cgroup create(String cgroupsPath, LinuxResources resources) throws CgroupException;

    /**
     * Gives {@code cgroup} the path {@code cgroupsPath} in place: its processes stay in it with
     * everything the kernel charged to it, and none is migrated, so nobody waits for the grace
     * period of {@link #favorsDynamicMoves}. Only cgroup v1 renames cgroups, and only within one
     * parent directory: null when this host or these two paths cannot (the caller then creates
     * the cgroup and moves the processes). The renamed cgroup keeps its limits until updated;
     * the old {@code cgroup} object must not be used after a rename.
     */
    default Cgroup rename(Cgroup cgroup, String cgroupsPath) throws CgroupException {
        return null;
    }

    /** Whether {@link #rename} can ever succeed on this host (cgroup v1). */
    default boolean renames() {
        return false;
    }

    /** The cgroup {@code cgroupsPath} without creating anything, e.g. to clean up after a crash. */
    Cgroup open(String cgroupsPath) throws CgroupException;
}
