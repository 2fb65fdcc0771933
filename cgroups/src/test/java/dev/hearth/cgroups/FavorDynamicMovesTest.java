package dev.hearth.cgroups;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.sys.MountInfo;
import org.junit.jupiter.api.Test;

class FavorDynamicMovesTest {

    private static final String HYBRID = """
            30 25 0:26 / /sys/fs/cgroup rw,relatime shared:9 - tmpfs tmpfs rw,mode=755
            31 30 0:27 / /sys/fs/cgroup/memory rw,relatime shared:10 - cgroup cgroup rw,memory
            32 30 0:28 / /sys/fs/cgroup/unified rw,relatime shared:11 - cgroup2 cgroup2 rw%s
            40 25 0:40 / /mnt/other rw,relatime - ext4 /dev/sda1 rw,favordynmods
            """;

    @Test
    void anyCgroupMountWithTheOptionCounts() {
        assertTrue(CgroupManager.favorsDynamicMoves(MountInfo.parse(HYBRID.formatted(",favordynmods"))));
    }

    @Test
    void theOptionOnAnotherFileSystemDoesNotCount() {
        assertFalse(CgroupManager.favorsDynamicMoves(MountInfo.parse(HYBRID.formatted(""))));
    }

    @Test
    void aV1HierarchyWithTheOptionCounts() {
        String v1 = "31 30 0:27 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu,favordynmods\n";
        assertTrue(CgroupManager.favorsDynamicMoves(MountInfo.parse(v1)));
    }
}
