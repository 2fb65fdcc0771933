package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/** Writes {@code linux.resources} into the v1 interface files. Absent (null) values are left alone. */
final class V1Resources {
    private V1Resources() {}

    /** Fails before anything is created when a limit needs a controller that is not mounted. */
    static void checkControllers(String cgroup, LinuxResources r, Collection<V1Hierarchy> mounted) throws CgroupException {
        if (r == null) return;
        var m = r.memory();
        if (m != null && (m.limit() != null || m.swap() != null || m.reservation() != null
                || m.swappiness() != null || Boolean.TRUE.equals(m.disableOOMKiller()))) {
            require(cgroup, "memory", mounted);
        }
        var c = r.cpu();
        if (c != null) {
            if (c.shares() != null || c.quota() != null || c.period() != null
                    || c.realtimeRuntime() != null || c.realtimePeriod() != null) require(cgroup, "cpu", mounted);
            if (c.cpus() != null || c.mems() != null) require(cgroup, "cpuset", mounted);
        }
        if (r.pids() != null) require(cgroup, "pids", mounted);
    }

    private static void require(String cgroup, String controller, Collection<V1Hierarchy> mounted) throws CgroupException {
        for (V1Hierarchy h : mounted) if (h.has(controller)) return;
        throw new CgroupException("cgroup " + cgroup + ": linux.resources needs the " + controller
                + " controller, which is not mounted");
    }

    static void apply(String cgroup, LinuxResources r, Map<V1Hierarchy, Path> dirs) throws CgroupException {
        if (r == null) return;
        if (r.memory() != null) memory(cgroup, r.memory(), dir(dirs, "memory"));
        if (r.cpu() != null) cpu(cgroup, r.cpu(), dir(dirs, "cpu"), dir(dirs, "cpuset"));
        if (r.pids() != null) {
            long limit = r.pids().limit();
            CgroupFiles.write(cgroup, dir(dirs, "pids"), "pids.max", limit > 0 ? Long.toString(limit) : "max");
        }
    }

    private static void memory(String cgroup, LinuxResources.Memory m, Path dir) throws CgroupException {
        // As runc does: swap 0 means "not set"; an unlimited memory limit without a swap value
        // lifts the memory+swap limit too (it could not stay below the memory limit otherwise).
        Long swapValue = m.swap() != null && m.swap() == 0 ? null : m.swap();
        if (swapValue == null && m.limit() != null && m.limit() == -1) swapValue = -1L;
        boolean memsw = swapValue != null && CgroupFiles.exists(dir, "memory.memsw.limit_in_bytes");
        if (m.limit() != null && memsw) {
            long limit = m.limit(), swap = swapValue;
            if (limit >= 0 && swap >= 0 && swap < limit) {
                throw new CgroupException("cgroup " + cgroup + ": memory.swap " + swap + " is below memory.limit " + limit
                        + " (swap is memory+swap, so it must be >= the limit)");
            }
            // The kernel keeps memory limit <= memory+swap limit at every moment: a memory limit
            // going above the memsw limit in force needs the memsw limit raised first; otherwise
            // the memory limit goes first (it may be lowered below the new memsw limit).
            long currentMemsw = StatFiles.value(cgroup, "memory.memsw.limit_in_bytes",
                    CgroupFiles.read(cgroup, dir, "memory.memsw.limit_in_bytes"));
            if (unlimitedAsMax(limit) > unlimitedAsMax(currentMemsw)) {
                CgroupFiles.write(cgroup, dir, "memory.memsw.limit_in_bytes", Long.toString(swap));
                CgroupFiles.write(cgroup, dir, "memory.limit_in_bytes", Long.toString(limit));
            } else {
                CgroupFiles.write(cgroup, dir, "memory.limit_in_bytes", Long.toString(limit));
                CgroupFiles.write(cgroup, dir, "memory.memsw.limit_in_bytes", Long.toString(swap));
            }
        } else if (m.limit() != null) {
            writeLimitAlone(cgroup, dir, m.limit());
        } else if (memsw) {
            CgroupFiles.write(cgroup, dir, "memory.memsw.limit_in_bytes", Long.toString(swapValue));
        }
        // Without swap accounting (no memsw files) a swap limit cannot be enforced; like runc with
        // swap accounting off, the memory limit still applies and swap is left out (logged).
        if (swapValue != null && swapValue != -1 && !memsw) {
            SkippedResource.log(cgroup, "memory.swap", "this kernel has no swap accounting (no memory.memsw.limit_in_bytes)");
        }
        if (m.kernel() != null || m.kernelTCP() != null) {
            SkippedResource.log(cgroup, "memory.kernel/kernelTCP", "kernel memory limits are deprecated and refused by kernels >= 5.16");
        }
        if (m.reservation() != null) {
            CgroupFiles.write(cgroup, dir, "memory.soft_limit_in_bytes", Long.toString(m.reservation()));
        }
        if (m.swappiness() != null) {
            if (m.swappiness() < 0 || m.swappiness() > 100) {
                throw new CgroupException("cgroup " + cgroup + ": memory.swappiness " + m.swappiness() + " is outside 0..100");
            }
            CgroupFiles.write(cgroup, dir, "memory.swappiness", Long.toString(m.swappiness()));
        }
        if (Boolean.TRUE.equals(m.disableOOMKiller())) {
            CgroupFiles.write(cgroup, dir, "memory.oom_control", "1");
        }
        // kernel and kernelTCP limits are deprecated in the runtime spec and refused by kernels >= 5.16.
    }

    private static long unlimitedAsMax(long v) {
        return v < 0 ? Long.MAX_VALUE : v;
    }

    /**
     * A memory limit without a swap value. It cannot pass a memory+swap limit set earlier; the
     * kernel's bare EINVAL then gets the reason added.
     */
    private static void writeLimitAlone(String cgroup, Path dir, long limit) throws CgroupException {
        try {
            CgroupFiles.write(cgroup, dir, "memory.limit_in_bytes", Long.toString(limit));
        } catch (CgroupException e) {
            if (!CgroupFiles.exists(dir, "memory.memsw.limit_in_bytes")) throw e;
            long memsw = StatFiles.value(cgroup, "memory.memsw.limit_in_bytes",
                    CgroupFiles.read(cgroup, dir, "memory.memsw.limit_in_bytes"));
            if (unlimitedAsMax(limit) <= unlimitedAsMax(memsw)) throw e;
            throw new CgroupException(e.getMessage() + " (memory.memsw.limit_in_bytes is " + memsw
                    + "; raising the memory limit above it needs linux.resources.memory.swap too)", e);
        }
    }

    private static void cpu(String cgroup, LinuxResources.Cpu c, Path cpu, Path cpuset) throws CgroupException {
        if (c.shares() != null) CgroupFiles.write(cgroup, cpu, "cpu.shares", Long.toString(c.shares()));
        // period before quota: the kernel checks the quota against the period in force.
        if (c.period() != null) CgroupFiles.write(cgroup, cpu, "cpu.cfs_period_us", Long.toString(c.period()));
        if (c.quota() != null) CgroupFiles.write(cgroup, cpu, "cpu.cfs_quota_us", Long.toString(c.quota()));
        if (c.realtimePeriod() != null) CgroupFiles.write(cgroup, cpu, "cpu.rt_period_us", Long.toString(c.realtimePeriod()));
        if (c.realtimeRuntime() != null) CgroupFiles.write(cgroup, cpu, "cpu.rt_runtime_us", Long.toString(c.realtimeRuntime()));
        if (c.cpus() != null) CgroupFiles.write(cgroup, cpuset, "cpuset.cpus", c.cpus());
        if (c.mems() != null) CgroupFiles.write(cgroup, cpuset, "cpuset.mems", c.mems());
    }

    /** checkControllers ran first, so a missing hierarchy here is only reached with nothing to write. */
    private static Path dir(Map<V1Hierarchy, Path> dirs, String controller) {
        for (Map.Entry<V1Hierarchy, Path> e : dirs.entrySet()) if (e.getKey().has(controller)) return e.getValue();
        return null;
    }
}
