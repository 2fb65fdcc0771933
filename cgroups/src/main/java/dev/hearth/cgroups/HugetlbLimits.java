package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources;
import dev.hearth.oci.runtime.LinuxResources.HugepageLimit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code linux.resources.hugepageLimits} written into hugetlb interface files. The spec names a
 * page size as "2MB", "1GB" or "64KB"; the kernel names its files after the size in the largest
 * unit that divides it ({@code hugetlb.2MB.max}, {@code hugetlb.1GB.limit_in_bytes}), so
 * "2048KB" is the same page size as "2MB".
 */
final class HugetlbLimits {
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})([KMG])B", Pattern.CASE_INSENSITIVE);
    private static final long KIB = 1024, MIB = KIB * 1024, GIB = MIB * 1024;

    /** The interface files of one cgroup version: {@code hugetlb.<size><suffix>}. */
    enum Files {
        V1(".limit_in_bytes", ".rsvd.limit_in_bytes"),
        V2(".max", ".rsvd.max");

        final String limit, reservedLimit;

        Files(String limit, String reservedLimit) {
            this.limit = limit;
            this.reservedLimit = reservedLimit;
        }

        String limitFile(String kernelSize) {
            return "hugetlb." + kernelSize + limit;
        }

        String reservedLimitFile(String kernelSize) {
            return "hugetlb." + kernelSize + reservedLimit;
        }

        /** v1 takes -1 for "no limit", v2 only "max". */
        String value(long limit) {
            return this == V2 ? V2Resources.max(limit) : Long.toString(limit < 0 ? -1 : limit);
        }
    }

    private HugetlbLimits() {}

    /** The kernel's name of a spec page size ("2048KB" and "2MB" are both "2MB"), or a clear error. */
    static String kernelSize(String cgroup, String pageSize) throws CgroupException {
        Matcher m = pageSize == null ? null : SIZE.matcher(pageSize.strip());
        if (m == null || !m.matches()) {
            throw new CgroupException("cgroup " + cgroup + ": hugepageLimits pageSize " + quoted(pageSize)
                    + " is not a size such as 64KB, 2MB or 1GB");
        }
        long n = Long.parseLong(m.group(1));
        long bytes = n * switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> KIB;
            case "M" -> MIB;
            default -> GIB;
        };
        if (n == 0) throw new CgroupException("cgroup " + cgroup + ": hugepageLimits pageSize " + quoted(pageSize) + " is zero");
        // the kernel's own naming (mm/hugetlb_cgroup.c): whole GB, else whole MB, else KB
        if (bytes >= GIB) return bytes / GIB + "GB";
        if (bytes >= MIB) return bytes / MIB + "MB";
        return bytes / KIB + "KB";
    }

    /** Every entry is well formed (checked before any directory is made). */
    static void validate(String cgroup, List<HugepageLimit> limits) throws CgroupException {
        for (int i = 0; i < limits.size(); i++) {
            HugepageLimit l = limits.get(i);
            if (l == null) throw new CgroupException("cgroup " + cgroup + ": hugepageLimits[" + i + "] is null");
            kernelSize(cgroup, l.pageSize());
        }
    }

    /**
     * Writes each limit into {@code dir}. Every page size is checked against the files the
     * kernel made there before anything is written, so an unknown size changes nothing. The
     * reservation limit ({@code rsvd}, Linux >= 5.7) gets the same value where it exists, as runc
     * does: the plain limit is charged when a page is faulted in, so a process over it dies of
     * SIGBUS, while the reservation limit is charged at mmap, which then fails with ENOMEM.
     */
    static void write(String cgroup, Path dir, List<HugepageLimit> limits, Files files) throws CgroupException {
        validate(cgroup, limits);
        for (HugepageLimit l : limits) {
            String size = kernelSize(cgroup, l.pageSize());
            if (!CgroupFiles.exists(dir, files.limitFile(size))) {
                throw new CgroupException("cgroup " + cgroup + ": hugepageLimits pageSize " + l.pageSize()
                        + ": this kernel has no " + size + " huge pages (no " + files.limitFile(size) + " in " + dir
                        + "; page sizes here: " + sizesNamed(dir, files) + ")");
            }
        }
        for (HugepageLimit l : limits) {
            String size = kernelSize(cgroup, l.pageSize());
            String value = files.value(l.limit());
            CgroupFiles.write(cgroup, dir, files.limitFile(size), value);
            if (CgroupFiles.exists(dir, files.reservedLimitFile(size))) {
                CgroupFiles.write(cgroup, dir, files.reservedLimitFile(size), value);
            }
        }
    }

    /** The page sizes the kernel made limit files for in {@code dir}, e.g. [1GB, 2MB]; empty when none. */
    static List<String> sizesIn(String cgroup, Path dir, Files files) throws CgroupException {
        TreeSet<String> sizes = new TreeSet<>();
        try (Stream<Path> s = java.nio.file.Files.list(dir)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("hugetlb.") && n.endsWith(files.limit) && !n.endsWith(files.reservedLimit))
                    .map(n -> n.substring("hugetlb.".length(), n.length() - files.limit.length()))
                    .forEach(sizes::add);
        } catch (IOException e) {
            throw new CgroupException("cgroup " + cgroup + ": list " + dir + ": " + CgroupFiles.reason(e), e);
        }
        return List.copyOf(sizes);
    }

    private static String sizesNamed(Path dir, Files files) {
        try {
            List<String> sizes = sizesIn("", dir, files);
            return sizes.isEmpty() ? "none" : String.join(", ", sizes);
        } catch (CgroupException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * {@code r} without its hugepage limits, after logging that they are skipped: the kernel has
     * no hugetlb controller this host can use ({@code why} says where it looked).
     */
    static LinuxResources skipped(String cgroup, LinuxResources r, String why) {
        SkippedResource.log(cgroup, "hugepageLimits", why);
        return new LinuxResources(r.memory(), r.cpu(), r.pids(), List.of());
    }

    static boolean any(LinuxResources r) {
        return r != null && !r.hugepageLimits().isEmpty();
    }

    private static String quoted(String s) {
        return s == null ? "(missing)" : "\"" + s + "\"";
    }
}
