package dev.hearth.cgroups;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** hugetlb usage per page size from a cgroup directory's hugetlb files (see {@link CgroupStats#hugetlb}). */
final class HugetlbStats {
    private HugetlbStats() {}

    /** Empty when {@code dir} is null or has no hugetlb files. */
    static Map<String, CgroupStats.Usage> read(String cgroup, Path dir, HugetlbLimits.Files files) throws CgroupException {
        Map<String, CgroupStats.Usage> out = new LinkedHashMap<>();
        if (dir == null || !Files.isDirectory(dir)) return out; // none, or deleted
        for (String size : HugetlbLimits.sizesIn(cgroup, dir, files)) {
            String prefix = "hugetlb." + size + ".";
            out.put(size, files == HugetlbLimits.Files.V1
                    ? new CgroupStats.Usage(
                            StatFiles.valueOr(cgroup, dir, prefix + "usage_in_bytes", 0),
                            StatFiles.valueOr(cgroup, dir, prefix + "limit_in_bytes", CgroupStats.MAX),
                            StatFiles.valueOr(cgroup, dir, prefix + "max_usage_in_bytes", 0),
                            StatFiles.valueOr(cgroup, dir, prefix + "failcnt", 0))
                    : new CgroupStats.Usage(
                            StatFiles.valueOr(cgroup, dir, prefix + "current", 0),
                            StatFiles.valueOr(cgroup, dir, prefix + "max", CgroupStats.MAX),
                            0,
                            StatFiles.flatKeyedOrEmpty(cgroup, dir, prefix + "events").getOrDefault("max", 0L)));
        }
        return out;
    }
}
