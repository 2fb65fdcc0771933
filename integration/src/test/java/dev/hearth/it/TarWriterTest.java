package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the archives with GNU tar, which rejects bad checksums and malformed headers. */
class TarWriterTest {
    @Test
    void gnuTarListsAndExtractsWhatWasWritten(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("t.tar");
        byte[] content = "x".repeat(700).getBytes(StandardCharsets.UTF_8); // spans two blocks: padding matters
        try (TarWriter tar = new TarWriter(Files.newOutputStream(archive))) {
            tar.directory("bin", 0755);
            tar.file("bin/tool", 0755, content);
            tar.symlink("bin/alias", "tool");
            tar.file("empty", 0644, new byte[0]);
        }
        assertEquals(List.of("bin/", "bin/tool", "bin/alias", "empty"), run(dir, "tar", "-tf", archive.toString()));
        Path out = Files.createDirectory(dir.resolve("out"));
        run(dir, "tar", "-xf", archive.toString(), "-C", out.toString());
        assertEquals(new String(content, StandardCharsets.UTF_8), Files.readString(out.resolve("bin/tool")));
        assertEquals(Path.of("tool"), Files.readSymbolicLink(out.resolve("bin/alias")));
        assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("bin/tool"))));
    }

    private static List<String> run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        return out.lines().toList();
    }
}
