package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** Writes {@code linux.resources} into the v2 interface files, converting v1-shaped values. */
final class V2Resources {
    static final long MIN_SHARES = 2, MAX_SHARES = 262_144;
    static final long MIN_WEIGHT = 1, MAX_WEIGHT = 10_000;

    private V2Resources() {}

    static Set<String> controllersNeeded(LinuxResources r) {
        Set<String> out = new LinkedHashSet<>();
        if (r == null) return out;
        var m = r.memory();
        if (m != null && (m.limit() != null || m.reservation() != null || m.swap() != null)) out.add("memory");
        var c = r.cpu();
        if (c != null) {
            if (c.shares() != null || c.quota() != null || c.period() != null) out.add("cpu");
            if (c.cpus() != null || c.mems() != null) out.add("cpuset");
        }
        if (r.pids() != null) out.add("pids");
        if (!r.hugepageLimits().isEmpty()) out.add("hugetlb");
        return out;
    }

    static void apply(String cgroup, LinuxResources r, Path dir) throws CgroupException {
        if (r == null) return;
        var m = r.memory();
        if (m != null) {
            if (m.swap() != null) {
                String swapMax = swapMax(cgroup, m.swap(), m.limit());
                // No memory.swap.max: the kernel runs without swap accounting; as on v1 the swap
                // limit is then left out (logged) while the memory limit still applies.
                if (swapMax != null && CgroupFiles.exists(dir, "memory.swap.max")) {
                    CgroupFiles.write(cgroup, dir, "memory.swap.max", swapMax);
                } else if (swapMax != null) {
                    SkippedResource.log(cgroup, "memory.swap", "this kernel has no swap accounting (no memory.swap.max)");
                }
            }
            if (m.limit() != null) CgroupFiles.write(cgroup, dir, "memory.max", max(m.limit()));
            if (m.reservation() != null) CgroupFiles.write(cgroup, dir, "memory.low", max(m.reservation()));
        }
        var c = r.cpu();
        if (c != null) {
            if (c.shares() != null && c.shares() != 0) {
                CgroupFiles.write(cgroup, dir, "cpu.weight", Long.toString(cpuWeight(c.shares())));
            }
            if (c.quota() != null || c.period() != null) CgroupFiles.write(cgroup, dir, "cpu.max", cpuMax(c.quota(), c.period()));
            if (c.cpus() != null) CgroupFiles.write(cgroup, dir, "cpuset.cpus", c.cpus());
            if (c.mems() != null) CgroupFiles.write(cgroup, dir, "cpuset.mems", c.mems());
        }
        if (r.pids() != null) CgroupFiles.write(cgroup, dir, "pids.max", r.pids().limit() > 0 ? Long.toString(r.pids().limit()) : "max");
        if (!r.hugepageLimits().isEmpty()) HugetlbLimits.write(cgroup, dir, r.hugepageLimits(), HugetlbLimits.Files.V2);
    }

    /** v2 files spell "no limit" as "max"; the runtime spec uses -1. */
    static String max(long value) {
        return value < 0 ? "max" : Long.toString(value);
    }

    /**
     * v1 cpu.shares [2, 262144] (default 1024) to v2 cpu.weight [1, 10000] (default 100), the
     * log-quadratic mapping of runc >= 1.3.2 and crun >= 1.23, which sends 2 to 1, 1024 to 100 and
     * 262144 to 10000 (the older linear 1 + (shares - 2) * 9999 / 262142 sent 1024 to 39):
     * <pre>
     *   l = log2(shares);  weight = ceil(10 ^ ((l*l + 125*l) / 612 - 7/34))
     * </pre>
     * Shares outside the range are clamped first. The exponent is exact at the anchors, so the
     * ceiling ignores floating point noise below 1e-9 (2.0000000000000004 must give 100, not 101).
     */
    static long cpuWeight(long shares) {
        long s = Math.clamp(shares, MIN_SHARES, MAX_SHARES);
        double l = Math.log(s) / Math.log(2);
        double exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
        long weight = (long) Math.ceil(Math.pow(10, exponent) - 1e-9);
        return Math.clamp(weight, MIN_WEIGHT, MAX_WEIGHT);
    }

    /** cpu.max is "$QUOTA $PERIOD"; an absent or negative quota is "max"; an absent period keeps the kernel's. */
    static String cpuMax(Long quota, Long period) {
        String q = quota == null || quota <= 0 ? "max" : Long.toString(quota);
        return period == null ? q : q + " " + period;
    }

    /**
     * The runtime spec's swap is memory+swap together (the v1 memsw meaning); v2's
     * memory.swap.max is swap alone, so it is swap - limit. -1 means unlimited; 0 with no
     * memory limit means unset. Returns null for "leave as is".
     */
    static String swapMax(String cgroup, long swap, Long limit) throws CgroupException {
        if (swap == -1) return "max";
        if (swap == 0) return limit != null && limit == -1 ? "max" : null;
        if (swap < 0) throw new CgroupException("cgroup " + cgroup + ": memory.swap " + swap + " is invalid");
        if (limit == null || limit <= 0) {
            throw new CgroupException("cgroup " + cgroup + ": memory.swap " + swap + " needs a memory limit (memory.limit)");
        }
        if (swap < limit) {
            throw new CgroupException("cgroup " + cgroup + ": memory.swap " + swap + " is below memory.limit " + limit
                    + " (swap is memory+swap, so it must be >= the limit)");
        }
        return Long.toString(swap - limit);
    }
}
