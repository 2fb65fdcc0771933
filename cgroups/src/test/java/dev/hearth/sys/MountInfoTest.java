package dev.hearth.sys;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MountInfoTest {

    @Test
    void parsesOptionalFieldsAndSuperOptions() {
        List<MountInfo> all = MountInfo.parse("""
                36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 shared:2 - ext3 /dev/root rw,errors=continue
                40 25 0:35 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
                """);
        assertEquals(2, all.size());
        MountInfo a = all.get(0);
        assertEquals(36, a.id());
        assertEquals(35, a.parentId());
        assertEquals("/mnt1", a.root());
        assertEquals("/mnt/parent", a.mountPoint());
        assertEquals(List.of("rw", "noatime"), a.mountOptions());
        assertEquals("ext3", a.fsType());
        assertEquals("/dev/root", a.source());
        assertEquals(List.of("rw", "errors=continue"), a.superOptions());
        assertEquals("cgroup", all.get(1).fsType());
        assertEquals(List.of("rw", "memory"), all.get(1).superOptions());
    }

    @Test
    void unescapesOctalInPaths() {
        MountInfo m = MountInfo.parseLine("50 1 0:40 / /tmp/with\\040space\\134x rw - tmpfs tmpfs rw");
        assertEquals("/tmp/with space\\x", m.mountPoint());
        assertEquals("a\\9b", MountInfo.unescape("a\\9b"), "an incomplete escape stays as it is");
    }

    @Test
    void rejectsMalformedLines() {
        assertThrows(IllegalArgumentException.class, () -> MountInfo.parseLine("1 2 3"));
    }

    @Test
    void readsOwnMountTable() throws Exception {
        assertTrue(MountInfo.self().stream().anyMatch(m -> m.mountPoint().equals("/")));
    }
}
