package dev.hearth.cgroups;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads {@link CgroupStats} from the v1 hierarchies' files. */
final class V1Stats {
    /**
     * cpuacct.stat counts in USER_HZ ticks, which the kernel fixes at 100 for every
     * architecture hearth runs on (it is not CONFIG_HZ).
     */
    static final long USER_HZ = 100;
    static final long NANOS_PER_TICK = 1_000_000_000L / USER_HZ;

    private V1Stats() {}

    /** Each directory is null when that controller is not mounted. */
    static CgroupStats read(String cgroup, Path memory, Path cpuacct, Path cpu, Path pids) throws CgroupException {
        return new CgroupStats(1,
                memory == null ? null : memory(cgroup, memory),
                cpuacct == null && cpu == null ? null : cpu(cgroup, cpuacct, cpu),
                pids == null ? null : new CgroupStats.Pids(
                        StatFiles.valueOr(cgroup, pids, "pids.current", 0),
                        StatFiles.valueOr(cgroup, pids, "pids.max", CgroupStats.MAX)));
    }

    static CgroupStats.Memory memory(String cgroup, Path dir) throws CgroupException {
        return new CgroupStats.Memory(
                usage(cgroup, dir, "memory."),
                usage(cgroup, dir, "memory.memsw."),
                usage(cgroup, dir, "memory.kmem."),
                usage(cgroup, dir, "memory.kmem.tcp."),
                StatFiles.flatKeyedOrEmpty(cgroup, dir, "memory.stat"),
                StatFiles.flatKeyedOrEmpty(cgroup, dir, "memory.oom_control"));
    }

    /** The prefix's usage_in_bytes, limit_in_bytes, max_usage_in_bytes, failcnt; null without usage_in_bytes. */
    private static CgroupStats.Usage usage(String cgroup, Path dir, String prefix) throws CgroupException {
        if (!CgroupFiles.exists(dir, prefix + "usage_in_bytes")) return null;
        return new CgroupStats.Usage(
                StatFiles.valueOr(cgroup, dir, prefix + "usage_in_bytes", 0),
                StatFiles.valueOr(cgroup, dir, prefix + "limit_in_bytes", CgroupStats.MAX),
                StatFiles.valueOr(cgroup, dir, prefix + "max_usage_in_bytes", 0),
                StatFiles.valueOr(cgroup, dir, prefix + "failcnt", 0));
    }

    /**
     * User and system time from cpuacct.usage_user/usage_sys (nanoseconds, Linux >= 4.7) where
     * present, else from cpuacct.stat's ticks. Throttling from the cpu controller's cpu.stat
     * (throttled_time is already in nanoseconds on v1).
     */
    static CgroupStats.Cpu cpu(String cgroup, Path cpuacct, Path cpu) throws CgroupException {
        long total = 0, user = 0, system = 0;
        List<Long> perCpu = List.of();
        if (cpuacct != null) {
            total = StatFiles.valueOr(cgroup, cpuacct, "cpuacct.usage", 0);
            if (CgroupFiles.exists(cpuacct, "cpuacct.usage_user") && CgroupFiles.exists(cpuacct, "cpuacct.usage_sys")) {
                user = StatFiles.valueOr(cgroup, cpuacct, "cpuacct.usage_user", 0);
                system = StatFiles.valueOr(cgroup, cpuacct, "cpuacct.usage_sys", 0);
            } else {
                Map<String, Long> ticks = StatFiles.flatKeyedOrEmpty(cgroup, cpuacct, "cpuacct.stat");
                user = ticks.getOrDefault("user", 0L) * NANOS_PER_TICK;
                system = ticks.getOrDefault("system", 0L) * NANOS_PER_TICK;
            }
            if (CgroupFiles.exists(cpuacct, "cpuacct.usage_percpu")) {
                perCpu = StatFiles.list(cgroup, "cpuacct.usage_percpu", CgroupFiles.read(cgroup, cpuacct, "cpuacct.usage_percpu"));
            }
        }
        Map<String, Long> stat = cpu == null ? Map.of() : StatFiles.flatKeyedOrEmpty(cgroup, cpu, "cpu.stat");
        return new CgroupStats.Cpu(total, user, system, perCpu, stat.getOrDefault("nr_periods", 0L),
                stat.getOrDefault("nr_throttled", 0L), stat.getOrDefault("throttled_time", 0L));
    }
}
