package dev.hearth.cgroups;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads {@link CgroupStats} from a v2 cgroup directory. */
final class V2Stats {
    private V2Stats() {}

    static CgroupStats read(String cgroup, Path dir) throws CgroupException {
        return new CgroupStats(2, memory(cgroup, dir), cpu(cgroup, dir), pids(cgroup, dir),
                HugetlbStats.read(cgroup, dir, HugetlbLimits.Files.V2));
    }

    /** null when the memory controller is not enabled for the cgroup (no memory.current). */
    static CgroupStats.Memory memory(String cgroup, Path dir) throws CgroupException {
        if (!CgroupFiles.exists(dir, "memory.current")) return null;
        CgroupStats.Usage memory = new CgroupStats.Usage(
                StatFiles.valueOr(cgroup, dir, "memory.current", 0),
                StatFiles.valueOr(cgroup, dir, "memory.max", CgroupStats.MAX),
                StatFiles.valueOr(cgroup, dir, "memory.peak", 0), // Linux >= 5.19
                0);
        CgroupStats.Usage swap = !CgroupFiles.exists(dir, "memory.swap.current") ? null : new CgroupStats.Usage(
                StatFiles.valueOr(cgroup, dir, "memory.swap.current", 0),
                StatFiles.valueOr(cgroup, dir, "memory.swap.max", CgroupStats.MAX),
                StatFiles.valueOr(cgroup, dir, "memory.swap.peak", 0), // Linux >= 6.5
                0);
        return new CgroupStats.Memory(memory, swap, null, null,
                StatFiles.flatKeyedOrEmpty(cgroup, dir, "memory.stat"),
                StatFiles.flatKeyedOrEmpty(cgroup, dir, "memory.events"));
    }

    /**
     * cpu.stat always has usage_usec, user_usec and system_usec (the core accounts them); the
     * throttling lines appear only with the cpu controller enabled. null without cpu.stat.
     */
    static CgroupStats.Cpu cpu(String cgroup, Path dir) throws CgroupException {
        if (!CgroupFiles.exists(dir, "cpu.stat")) return null;
        Map<String, Long> s = StatFiles.flatKeyed(cgroup, "cpu.stat", CgroupFiles.read(cgroup, dir, "cpu.stat"));
        return new CgroupStats.Cpu(
                micros(s, "usage_usec"), micros(s, "user_usec"), micros(s, "system_usec"), List.of(),
                s.getOrDefault("nr_periods", 0L), s.getOrDefault("nr_throttled", 0L), micros(s, "throttled_usec"));
    }

    static CgroupStats.Pids pids(String cgroup, Path dir) throws CgroupException {
        if (!CgroupFiles.exists(dir, "pids.current")) return null;
        return new CgroupStats.Pids(StatFiles.valueOr(cgroup, dir, "pids.current", 0),
                StatFiles.valueOr(cgroup, dir, "pids.max", CgroupStats.MAX));
    }

    private static long micros(Map<String, Long> stat, String key) {
        return stat.getOrDefault(key, 0L) * 1_000;
    }
}
