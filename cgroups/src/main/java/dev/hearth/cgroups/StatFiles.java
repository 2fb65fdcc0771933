package dev.hearth.cgroups;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsers for the formats of cgroup accounting files: a single value ({@code memory.current},
 * "max" allowed), flat keyed ({@code memory.stat}: "key value" per line) and space separated
 * lists ({@code cpuacct.usage_percpu}). Errors name the cgroup, the file and the bad text.
 */
final class StatFiles {
    private StatFiles() {}

    static long value(String cgroup, String file, String text) throws CgroupException {
        String s = text.strip();
        if (s.equals("max")) return CgroupStats.MAX;
        return number(cgroup, file, s);
    }

    static Map<String, Long> flatKeyed(String cgroup, String file, String text) throws CgroupException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (s.isEmpty()) continue;
            String[] kv = s.split("\\s+");
            if (kv.length != 2) throw new CgroupException("cgroup " + cgroup + ": " + file + ": not a \"key value\" line: " + s);
            out.put(kv[0], kv[1].equals("max") ? CgroupStats.MAX : number(cgroup, file, kv[1]));
        }
        return out;
    }

    static List<Long> list(String cgroup, String file, String text) throws CgroupException {
        List<Long> out = new ArrayList<>();
        for (String s : text.strip().split("\\s+")) if (!s.isEmpty()) out.add(number(cgroup, file, s));
        return out;
    }

    /** The single value of {@code file} in {@code dir}; {@code absent} when the file does not exist. */
    static long valueOr(String cgroup, Path dir, String file, long absent) throws CgroupException {
        if (!CgroupFiles.exists(dir, file)) return absent;
        return value(cgroup, file, CgroupFiles.read(cgroup, dir, file));
    }

    static Map<String, Long> flatKeyedOrEmpty(String cgroup, Path dir, String file) throws CgroupException {
        if (!CgroupFiles.exists(dir, file)) return Map.of();
        return flatKeyed(cgroup, file, CgroupFiles.read(cgroup, dir, file));
    }

    /**
     * Counters are unsigned 64-bit; one past Long.MAX_VALUE keeps its bits (Java long holds a
     * protobuf uint64 the same way). A negative number (v1 cpu.cfs_quota_us -1) stays negative.
     */
    private static long number(String cgroup, String file, String s) throws CgroupException {
        try {
            return s.startsWith("-") ? Long.parseLong(s) : Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new CgroupException("cgroup " + cgroup + ": " + file + ": not a number: " + s, e);
        }
    }
}
