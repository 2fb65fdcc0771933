package dev.hearth.cgroups;

import dev.hearth.sys.MountInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class V1HierarchyTest {

    @Test
    void findsHierarchiesInAHybridMountTable() {
        List<V1Hierarchy> h = V1Hierarchy.fromMountTable(MountInfo.parse("""
                25 22 0:23 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755
                26 25 0:24 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw
                27 25 0:25 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd
                28 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct
                29 25 0:27 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
                30 1 0:27 /docker/x /mnt/memory-again rw - cgroup cgroup rw,memory
                """));
        assertEquals(3, h.size(), "cgroup2 and a second mount of memory are not extra hierarchies: " + h);
        assertEquals(Set.of("name=systemd"), h.get(0).controllers());
        assertEquals(Set.of("cpu", "cpuacct"), h.get(1).controllers());
        assertTrue(h.get(1).has("cpuacct"));
        assertEquals(Path.of("/sys/fs/cgroup/memory"), h.get(2).mountPoint());
    }

    @Test
    void dirOfStripsTheMountRoot() throws CgroupException {
        V1Hierarchy h = new V1Hierarchy(Set.of("memory"), Path.of("/m"), "/docker/x");
        assertEquals(Path.of("/m/fn1"), h.dirOf("/docker/x/fn1"));
        CgroupException e = assertThrows(CgroupException.class, () -> h.dirOf("/other/fn1"));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertEquals(Path.of("/m/a/b"), new V1Hierarchy(Set.of("pids"), Path.of("/m"), "/").dirOf("/a/b"));
    }

    @Test
    void scanFollowsCoMountSymlinksAndSkipsV2(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("cpu,cpuacct"));
        Files.createSymbolicLink(root.resolve("cpu"), Path.of("cpu,cpuacct"));
        Files.createSymbolicLink(root.resolve("cpuacct"), Path.of("cpu,cpuacct"));
        Files.createDirectories(root.resolve("memory"));
        Files.createDirectories(root.resolve("systemd"));
        Files.createDirectories(root.resolve("unified"));
        Files.writeString(root.resolve("unified/cgroup.controllers"), "");
        List<V1Hierarchy> h = V1Hierarchy.scan(root);
        assertEquals(3, h.size(), h.toString());
        assertTrue(h.stream().anyMatch(x -> x.controllers().equals(Set.of("cpu", "cpuacct"))));
        assertTrue(h.stream().anyMatch(x -> x.controllers().equals(Set.of("memory"))));
        assertTrue(h.stream().anyMatch(x -> x.controllers().equals(Set.of("name=systemd"))));
    }
}
