package dev.hearth.launcher;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.cgroups.CgroupException;
import dev.hearth.cgroups.CgroupManager;
import dev.hearth.oci.runtime.LinuxResources;

/**
 * The cgroup a container asks for ({@code linux.cgroupsPath} and {@code linux.resources}), made
 * by the launcher: a claimed pool worker's slot may become it by a rename ({@link PoolSlots}),
 * otherwise it is created and the worker is moved or booted into it.
 *
 * @param resources the limits; null for none
 * @param sharedParent whether the parent of {@code path} is a long-lived cgroup that many
 *                  containers share (a containerd namespace's {@code /<namespace>}), where the
 *                  pool may keep its workers' cgroups to rename them later; false for a parent
 *                  that is one owner's, such as a Kubernetes pod's, which goes with the pod
 */
public record CgroupSpec(CgroupManager manager, String path, LinuxResources resources, boolean sharedParent) {

    public CgroupSpec {
        if (manager == null || path == null || path.isBlank()) {
            throw new IllegalArgumentException("a cgroup spec needs a manager and a path, got " + manager + ", " + path);
        }
    }

    /** Creates the cgroup (or reuses one that exists) with the limits. */
    public Cgroup create() throws CgroupException {
        return manager.create(path, resources);
    }

    /** The memory limit the container sets, or -1 for none. */
    long memoryLimit() {
        Long limit = resources == null || resources.memory() == null ? null : resources.memory().limit();
        return limit == null || WorkerMemory.unlimited(limit) ? -1 : limit;
    }
}
