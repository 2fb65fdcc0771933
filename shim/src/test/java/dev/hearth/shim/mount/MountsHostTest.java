package dev.hearth.shim.mount;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real mounts (root only) into a temp dir; every target is unmounted after each test, also on failure. */
class MountsHostTest {
    @TempDir
    Path tmp;
    private final List<Path> targets = new ArrayList<>();

    @BeforeEach
    void requireRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    }

    @AfterEach
    void unmountAll() throws IOException {
        for (Path t : targets.reversed()) Mounts.unmount(t);
        for (Path t : targets) assertFalse(Mounts.isMountPoint(t), t + " left mounted");
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name));
    }

    private Path target(String name) throws IOException {
        Path t = dir(name);
        targets.add(t);
        return t;
    }

    @Test
    void bindMountShowsTheSourceAndUnmounts() throws Exception {
        Path src = dir("src");
        Files.writeString(src.resolve("index.js"), "console.log(1)");
        Path target = target("rootfs");
        assertFalse(Mounts.isMountPoint(target));

        Mounts.mount(new MountSpec("bind", src.toString(), List.of("rbind", "rw")), target);
        assertTrue(Mounts.isMountPoint(target));
        assertEquals("console.log(1)", Files.readString(target.resolve("index.js")));
        Files.writeString(target.resolve("out"), "x");
        assertTrue(Files.exists(src.resolve("out")), "a rw bind writes through");

        Mounts.unmount(target);
        assertFalse(Mounts.isMountPoint(target));
        assertFalse(Files.exists(target.resolve("index.js")));
        Mounts.unmount(target); // idempotent
        Mounts.unmount(tmp.resolve("never-existed"));
    }

    @Test
    void readOnlyBindRefusesWrites() throws Exception {
        Path src = dir("src");
        Files.writeString(src.resolve("a"), "a");
        Path target = target("rootfs");
        Mounts.mount(new MountSpec("bind", src.toString(), List.of("rbind", "ro")), target);
        assertEquals("a", Files.readString(target.resolve("a")));
        FileSystemException e = assertThrows(FileSystemException.class, () -> Files.writeString(target.resolve("b"), "b"));
        assertTrue(String.valueOf(e.getReason()).contains("Read-only"), String.valueOf(e.getReason()));
        Files.writeString(src.resolve("c"), "c"); // the source itself stays writable
    }

    @Test
    void overlayWithUpperdirWritesToTheUpperLayer() throws Exception {
        Path lower1 = dir("l1"), lower2 = dir("l2"), upper = dir("upper"), work = dir("work");
        Files.writeString(lower1.resolve("a"), "from l1");
        Files.writeString(lower2.resolve("a"), "from l2");
        Files.writeString(lower2.resolve("b"), "only l2");
        Path target = target("rootfs");
        Mounts.mount(new MountSpec("overlay", "overlay", List.of("index=off",
                "lowerdir=" + lower1 + ":" + lower2, "upperdir=" + upper, "workdir=" + work)), target);
        assertTrue(Mounts.isMountPoint(target));
        assertEquals("from l1", Files.readString(target.resolve("a")), "the first lowerdir is the top one");
        assertEquals("only l2", Files.readString(target.resolve("b")));
        Files.writeString(target.resolve("new"), "n");
        assertEquals("n", Files.readString(upper.resolve("new")));
        assertFalse(Files.exists(lower1.resolve("new")));
        Mounts.unmount(target);
        assertFalse(Mounts.isMountPoint(target));
    }

    @Test
    void overlayWithLowerdirsOnlyIsReadOnly() throws Exception {
        Path lower1 = dir("l1"), lower2 = dir("l2");
        Files.writeString(lower1.resolve("x"), "x");
        Files.writeString(lower2.resolve("y"), "y");
        Path target = target("view");
        Mounts.mount(new MountSpec("overlay", "overlay", List.of("lowerdir=" + lower1 + ":" + lower2)), target);
        assertEquals("x", Files.readString(target.resolve("x")));
        assertEquals("y", Files.readString(target.resolve("y")));
        assertThrows(FileSystemException.class, () -> Files.writeString(target.resolve("z"), "z"));
    }

    @Test
    void failuresNameTheMountTargetAndErrno() throws Exception {
        Path target = target("rootfs");
        MountException e = assertThrows(MountException.class, () -> Mounts.mount(new MountSpec("overlay", "overlay",
                List.of("lowerdir=" + tmp.resolve("missing"), "upperdir=" + tmp, "workdir=" + tmp)), target));
        assertTrue(e.getMessage().startsWith("mount overlay overlay at " + target + ": "), e.getMessage());
        assertTrue(e.errno() != 0);
        assertFalse(Mounts.isMountPoint(target));
    }

    @Test
    void overlongOverlayOptionsAreRefusedWithTheReason() throws Exception {
        Path target = target("rootfs");
        String lower = String.join(":", java.util.Collections.nCopies(300, tmp.resolve("layer-with-long-name").toString()));
        MountException e = assertThrows(MountException.class,
                () -> Mounts.mount(new MountSpec("overlay", "overlay", List.of("lowerdir=" + lower)), target));
        assertTrue(e.getMessage().contains("4095-byte limit"), e.getMessage());
    }

    @Test
    void stackedMountsAreAllRemoved() throws Exception {
        Path a = dir("a"), b = dir("b");
        Files.writeString(b.resolve("top"), "t");
        Path target = target("rootfs");
        Mounts.mount(new MountSpec("bind", a.toString(), List.of("bind")), target);
        Mounts.mount(new MountSpec("bind", b.toString(), List.of("bind")), target);
        assertTrue(Files.exists(target.resolve("top")));
        Mounts.unmount(target);
        assertFalse(Mounts.isMountPoint(target));
    }

    @Test
    void detachLeavesTheMountTreeAtOnceAndTheDirectoryCanGoBeforeTheRelease() throws Exception {
        Path lower = dir("dl"), upper = dir("du"), work = dir("dw");
        Files.writeString(lower.resolve("a"), "a");
        Path target = target("rootfs");
        Mounts.mount(new MountSpec("overlay", "overlay", List.of("index=off",
                "lowerdir=" + lower, "upperdir=" + upper, "workdir=" + work)), target);
        Files.writeString(target.resolve("written"), "w");

        Mounts.Detached held = Mounts.detach(target);
        assertNotNull(held, "something was mounted");
        assertEquals(target, held.target());
        assertFalse(Mounts.isMountPoint(target), "gone from the mount tree before the release");
        assertFalse(Files.exists(target.resolve("a")));
        Files.delete(target); // containerd removes the bundle's rootfs right after Delete
        held.close();
        held.close(); // once
        assertEquals("w", Files.readString(upper.resolve("written")), "the upper layer keeps what was written");
        Files.createDirectories(target); // for unmountAll
    }

    @Test
    void detachOfAnUnmountedOrMissingTargetHoldsNothing() throws Exception {
        assertNull(Mounts.detach(target("plain")));
        assertNull(Mounts.detach(tmp.resolve("never-existed")));
    }

    @Test
    void detachRemovesStackedMountsToo() throws Exception {
        Path a = dir("a"), b = dir("b");
        Path target = target("rootfs");
        Mounts.mount(new MountSpec("bind", a.toString(), List.of("bind")), target);
        Mounts.mount(new MountSpec("bind", b.toString(), List.of("bind")), target);
        try (Mounts.Detached held = Mounts.detach(target)) {
            assertNotNull(held);
            assertFalse(Mounts.isMountPoint(target));
        }
    }
}
