package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleFileSystemTest {

    @TempDir
    Path tmp;
    Path rootfs;
    BundleFileSystem fs;

    @BeforeEach
    void setUp() throws IOException {
        rootfs = Files.createDirectories(tmp.resolve("rootfs/app"));
        rootfs = rootfs.getParent();
        Files.writeString(rootfs.resolve("app/a.js"), "A");
        Files.writeString(tmp.resolve("outside.js"), "OUT");
        fs = new BundleFileSystem(rootfs, "/app");
    }

    private String read(String guest) throws IOException {
        try (var channel = fs.newByteChannel(Path.of(guest), Set.of(StandardOpenOption.READ))) {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            channel.read(buffer);
            return new String(buffer.array(), 0, buffer.position());
        }
    }

    @Test
    void containerPathsMapBelowTheRootfs() throws IOException {
        assertEquals("A", read("/app/a.js"));
        assertEquals("A", read("a.js")); // relative to the cwd
        assertEquals(Path.of("/app/a.js"), fs.toRealPath(Path.of("/app/../app/./a.js")));
        assertEquals(Path.of("/app/a.js"), fs.toAbsolutePath(Path.of("a.js")));
    }

    @Test
    void dotDotStopsAtTheRoot() {
        assertThrows(NoSuchFileException.class, () -> read("/../../outside.js"));
        assertThrows(NoSuchFileException.class, () -> read("../../../outside.js"));
    }

    @Test
    void symlinksLeavingTheRootfsAreRefused() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("app/escape.js"), tmp.resolve("outside.js"));
        Files.createSymbolicLink(rootfs.resolve("app/up"), Path.of("../.."));
        assertThrows(AccessDeniedException.class, () -> read("/app/escape.js"));
        assertThrows(AccessDeniedException.class, () -> read("/app/up/outside.js"));
        assertThrows(AccessDeniedException.class, () -> fs.toRealPath(Path.of("/app/escape.js")));
    }

    @Test
    void nothingCanBeWrittenOrListed() {
        assertThrows(AccessDeniedException.class, () -> fs.newByteChannel(Path.of("/app/a.js"), Set.of(StandardOpenOption.WRITE)));
        assertThrows(AccessDeniedException.class, () -> fs.newByteChannel(Path.of("/app/new.js"),
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE)));
        assertThrows(AccessDeniedException.class, () -> fs.checkAccess(Path.of("/app/a.js"), Set.of(AccessMode.WRITE)));
        assertThrows(AccessDeniedException.class, () -> fs.createDirectory(Path.of("/app/dir")));
        assertThrows(AccessDeniedException.class, () -> fs.delete(Path.of("/app/a.js")));
        assertThrows(AccessDeniedException.class, () -> fs.newDirectoryStream(Path.of("/app"), p -> true));
        assertArrayEquals(new String[] {"a.js"}, rootfs.resolve("app").toFile().list());
    }

    @Test
    void otherUriSchemesAreUnsupported() {
        assertThrows(UnsupportedOperationException.class, () -> fs.parsePath(java.net.URI.create("https://example.com/x.js")));
        assertEquals(Path.of("/app/a.js"), fs.parsePath(java.net.URI.create("file:///app/a.js")));
    }

    @Test
    void aBareSpecifierIsLookedUpFromTheModuleParsedJustBeforeIt() throws IOException {
        for (String dir : new String[] {"app/node_modules/b", "app/node_modules/a/node_modules/b"}) {
            Files.createDirectories(rootfs.resolve(dir));
            Files.writeString(rootfs.resolve(dir + "/index.js"), "export default 1;");
        }
        fs.lookUpPackagesFrom("/app");
        // GraalJS parses the importing module's path, then the specifier it imports
        fs.parsePath("/app/node_modules/a/lib/index.js");
        assertEquals(Path.of("/app/node_modules/a/node_modules/b/index.js"), fs.parsePath("b"));
        // the importer is used once: with none known, the entrypoint's directory is the base
        assertEquals(Path.of("/app/node_modules/b/index.js"), fs.parsePath("b"));
        fs.parsePath("/app/main.mjs");
        assertEquals(Path.of("/app/node_modules/b/index.js"), fs.parsePath("b"));
        assertEquals(Path.of("missing"), fs.parsePath("missing"));
    }

    @Test
    void guestPathOfAnEntrypoint() throws IOException {
        assertEquals("/app/a.js", BundleFileSystem.guestPathOf(rootfs, rootfs.resolve("app/a.js")));
        assertThrows(IOException.class, () -> BundleFileSystem.guestPathOf(rootfs, tmp.resolve("outside.js")));
    }

    @Test
    void anUnboundFileSystemRefusesEveryAccessUntilBound() throws IOException {
        fs = BundleFileSystem.unbound();
        assertThrows(AccessDeniedException.class, () -> read("/app/a.js"));
        assertThrows(AccessDeniedException.class, () -> fs.toRealPath(Path.of("/app/a.js")));
        assertThrows(AccessDeniedException.class, () -> fs.readAttributes(Path.of("/app/a.js"), "size"));
        assertThrows(AccessDeniedException.class, () -> fs.checkAccess(Path.of("/app/a.js"), Set.of(AccessMode.READ)));
        assertThrows(IllegalStateException.class, () -> fs.toAbsolutePath(Path.of("a.js")));

        fs.bind(rootfs, "/app");
        assertEquals("A", read("a.js"));
        // bound once: a second container cannot take it over
        assertThrows(IllegalStateException.class, () -> fs.bind(tmp, "/"));
        assertEquals("A", read("/app/a.js"));
    }

    @Test
    void aFailedBindLeavesItUnbound() throws IOException {
        fs = BundleFileSystem.unbound();
        assertThrows(NoSuchFileException.class, () -> fs.bind(tmp.resolve("missing"), "/"));
        assertThrows(AccessDeniedException.class, () -> read("/app/a.js"));
        fs.bind(rootfs, "/");
        assertEquals("A", read("/app/a.js"));
    }
}
