package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources.HugepageLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.hearth.cgroups.FakeCgroupFs.dir;
import static dev.hearth.cgroups.FakeCgroupFs.read;
import static org.junit.jupiter.api.Assertions.*;

/** Page size names and the hugetlb interface files of v1 and v2. */
class HugetlbLimitsTest {
    @TempDir
    Path root;

    @Test
    void pageSizesGetTheKernelsNames() throws Exception {
        assertEquals("2MB", HugetlbLimits.kernelSize("/fn1", "2MB"));
        assertEquals("1GB", HugetlbLimits.kernelSize("/fn1", "1GB"));
        assertEquals("64KB", HugetlbLimits.kernelSize("/fn1", "64KB"));
        assertEquals("2MB", HugetlbLimits.kernelSize("/fn1", "2048KB"), "the largest unit that divides the size");
        assertEquals("1GB", HugetlbLimits.kernelSize("/fn1", "1024MB"));
        assertEquals("32MB", HugetlbLimits.kernelSize("/fn1", "32MB"));
        assertEquals("512MB", HugetlbLimits.kernelSize("/fn1", "512MB"));
        assertEquals("16GB", HugetlbLimits.kernelSize("/fn1", "16GB"));
        assertEquals("2MB", HugetlbLimits.kernelSize("/fn1", "2mb"), "the unit in any case");
    }

    @Test
    void badPageSizesAreNamed() {
        for (String bad : List.of("2M", "2 MB", "MB", "2TB", "-2MB", "2.5MB", "")) {
            CgroupException e = assertThrows(CgroupException.class, () -> HugetlbLimits.kernelSize("/fn1", bad));
            assertEquals("cgroup /fn1: hugepageLimits pageSize \"" + bad + "\" is not a size such as 64KB, 2MB or 1GB",
                    e.getMessage());
        }
        assertEquals("cgroup /fn1: hugepageLimits pageSize (missing) is not a size such as 64KB, 2MB or 1GB",
                assertThrows(CgroupException.class, () -> HugetlbLimits.kernelSize("/fn1", null)).getMessage());
        assertEquals("cgroup /fn1: hugepageLimits pageSize \"0MB\" is zero",
                assertThrows(CgroupException.class, () -> HugetlbLimits.kernelSize("/fn1", "0MB")).getMessage());
        assertEquals("cgroup /fn1: hugepageLimits[1] is null", assertThrows(CgroupException.class,
                () -> HugetlbLimits.validate("/fn1", java.util.Arrays.asList(new HugepageLimit("2MB", 1), null))).getMessage());
    }

    @Test
    void v2WritesMaxAndTheReservationLimitWhereItExists() throws Exception {
        Path dir = dir(root, "fn1", "hugetlb.2MB.max=max", "hugetlb.2MB.rsvd.max=max", "hugetlb.1GB.max=max");
        HugetlbLimits.write("/fn1", dir, List.of(new HugepageLimit("2MB", 6L << 20), new HugepageLimit("1GB", -1)),
                HugetlbLimits.Files.V2);
        assertEquals(Long.toString(6L << 20), read(dir.resolve("hugetlb.2MB.max")));
        assertEquals(Long.toString(6L << 20), read(dir.resolve("hugetlb.2MB.rsvd.max")));
        assertEquals("max", read(dir.resolve("hugetlb.1GB.max")), "v2 spells no limit max");
        assertFalse(Files.exists(dir.resolve("hugetlb.1GB.rsvd.max")), "no reservation file made");
    }

    @Test
    void v1WritesLimitInBytes() throws Exception {
        Path dir = dir(root, "fn1", "hugetlb.2MB.limit_in_bytes", "hugetlb.2MB.rsvd.limit_in_bytes", "hugetlb.1GB.limit_in_bytes");
        HugetlbLimits.write("/fn1", dir, List.of(new HugepageLimit("2048KB", 4L << 20), new HugepageLimit("1GB", -1)),
                HugetlbLimits.Files.V1);
        assertEquals(Long.toString(4L << 20), read(dir.resolve("hugetlb.2MB.limit_in_bytes")));
        assertEquals(Long.toString(4L << 20), read(dir.resolve("hugetlb.2MB.rsvd.limit_in_bytes")));
        assertEquals("-1", read(dir.resolve("hugetlb.1GB.limit_in_bytes")));
    }

    @Test
    void aPageSizeTheKernelLacksIsNamedWithTheSizesItHasAndNothingIsWritten() throws Exception {
        Path dir = dir(root, "fn1", "hugetlb.2MB.max=max", "hugetlb.2MB.rsvd.max=max", "hugetlb.1GB.max=max");
        CgroupException e = assertThrows(CgroupException.class, () -> HugetlbLimits.write("/fn1", dir,
                List.of(new HugepageLimit("2MB", 2L << 20), new HugepageLimit("4MB", 4L << 20)), HugetlbLimits.Files.V2));
        assertEquals("cgroup /fn1: hugepageLimits pageSize 4MB: this kernel has no 4MB huge pages (no hugetlb.4MB.max in "
                + dir + "; page sizes here: 1GB, 2MB)", e.getMessage());
        assertEquals("max", read(dir.resolve("hugetlb.2MB.max")), "checked before the first write");
    }

    @Test
    void noHugetlbFilesAtAllSaysNone() throws Exception {
        Path dir = dir(root, "fn1", "cgroup.procs");
        CgroupException e = assertThrows(CgroupException.class, () -> HugetlbLimits.write("/fn1", dir,
                List.of(new HugepageLimit("2MB", 2L << 20)), HugetlbLimits.Files.V1));
        assertTrue(e.getMessage().endsWith("page sizes here: none)"), e.getMessage());
    }
}
