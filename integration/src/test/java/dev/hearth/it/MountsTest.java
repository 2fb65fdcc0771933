package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountsTest {
    private static final List<String> MOUNTINFO = List.of(
            "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
            "40 22 0:33 / /tmp/hearth-it-1/state/io.containerd.runtime.v2.task/ns/a/rootfs rw - overlay overlay rw,lowerdir=x",
            "41 40 0:34 / /tmp/hearth-it-1/state/io.containerd.runtime.v2.task/ns/a/rootfs/proc rw - proc proc rw",
            "42 22 0:35 / /tmp/hearth-it-1/with\\040space rw - tmpfs tmpfs rw",
            "43 22 0:36 / /tmp/hearth-it-10 rw - tmpfs tmpfs rw");

    @Test
    void findsMountsBelowADirectoryDeepestFirst() {
        List<Path> found = Mounts.under(Path.of("/tmp/hearth-it-1"), MOUNTINFO);
        assertEquals(List.of(
                Path.of("/tmp/hearth-it-1/state/io.containerd.runtime.v2.task/ns/a/rootfs/proc"),
                Path.of("/tmp/hearth-it-1/state/io.containerd.runtime.v2.task/ns/a/rootfs"),
                Path.of("/tmp/hearth-it-1/with space")), found);
    }

    @Test
    void decodesOctalEscapes() {
        assertEquals("a b\tc\\d", Mounts.unescape("a\\040b\\011c\\134d"));
        assertEquals("plain\\x", Mounts.unescape("plain\\x"));
    }
}
