package dev.hearth.shim.task;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntrypointTest {
    @TempDir
    Path rootfs;

    @BeforeEach
    void image() throws Exception {
        Files.createDirectories(rootfs.resolve("app/lib"));
        Files.writeString(rootfs.resolve("app/index.js"), "console.log(1)");
        Files.writeString(rootfs.resolve("app/lib/x.mjs"), "export {}");
    }

    private Path resolve(String cwd, String... args) {
        return Entrypoint.resolve(rootfs, cwd, List.of(args)).file();
    }

    @Test
    void absoluteAndRelativeToCwd() throws Exception {
        Path expected = rootfs.resolve("app/index.js").toRealPath();
        assertEquals(expected, resolve("/", "/app/index.js"));
        assertEquals(expected, resolve("/app", "index.js"));
        assertEquals(expected, resolve("/app", "./index.js"));
        assertEquals(expected, resolve("/app/lib", "../index.js"));
    }

    @Test
    void aJsInterpreterBeforeTheFileIsSkipped() throws Exception {
        Path expected = rootfs.resolve("app/index.js").toRealPath();
        assertEquals(expected, resolve("/app", "node", "index.js"));
        assertEquals(expected, resolve("/app", "/usr/local/bin/node", "--enable-source-maps", "index.js", "arg"));
        assertEquals(expected, resolve("/app", "deno", "run", "-A", "index.js"));
        assertEquals(expected, resolve("/app", "bun", "run", "/app/index.js"));
    }

    @Test
    void theFunctionsArgumentsAreThoseAfterTheFile() {
        assertEquals(List.of(), Entrypoint.resolve(rootfs, "/", List.of("/app/index.js")).arguments());
        assertEquals(List.of("a", "--b"), Entrypoint.resolve(rootfs, "/", List.of("/app/index.js", "a", "--b")).arguments());
        assertEquals(List.of("x"), Entrypoint.resolve(rootfs, "/app", List.of("node", "--enable-source-maps", "index.js", "x")).arguments());
        assertEquals(List.of("-A", "y"), Entrypoint.resolve(rootfs, "/app", List.of("deno", "run", "index.js", "-A", "y")).arguments());
    }

    @Test
    void anInterpreterTheImageReallyContainsIsNotSkipped() throws Exception {
        Files.writeString(rootfs.resolve("app/node"), "// a JS file named node");
        assertEquals(rootfs.resolve("app/node").toRealPath(), resolve("/app", "node", "index.js"));
    }

    @Test
    void interpreterWithoutAFileIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> resolve("/app", "node", "--inspect"));
        assertTrue(e.getMessage().contains("names no JS file after node"), e.getMessage());
    }

    @Test
    void shellFormIsExplained() {
        var e = assertThrows(IllegalArgumentException.class, () -> resolve("/", "/bin/sh", "-c", "/app/index.js"));
        assertTrue(e.getMessage().contains("shell form"), e.getMessage());
    }

    @Test
    void escapesAreRefused() throws Exception {
        Files.writeString(rootfs.getParent().resolve("outside.js"), "");
        var e = assertThrows(IllegalArgumentException.class, () -> resolve("/", "../outside.js"));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        Files.createSymbolicLink(rootfs.resolve("app/link.js"), rootfs.getParent().resolve("outside.js"));
        e = assertThrows(IllegalArgumentException.class, () -> resolve("/", "/app/link.js"));
        assertTrue(e.getMessage().contains("outside the rootfs"), e.getMessage());
    }

    @Test
    void missingFileAndDirectoryAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> resolve("/", "/app/nope.js"));
        assertTrue(e.getMessage().contains("/app/nope.js not found"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> resolve("/", "/app/lib"));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }
}
