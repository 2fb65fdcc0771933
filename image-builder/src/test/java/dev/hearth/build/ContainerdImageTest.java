package dev.hearth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * What containerd makes of hearth's multi-platform images: {@code ctr image import} without
 * {@code --all-platforms} takes the archive on this (amd64) host and unpacks it, and
 * {@code ctr image pull --platform} of the pushed image unpacks for a platform other than the
 * host's. Against Debian's containerd and, when scripts/install-deps.sh built it, containerd 2.x.
 */
class ContainerdImageTest {
    @TempDir Path tmp;

    static Stream<Path> containerds() {
        return Stream.of(Path.of("/usr/bin"), Path.of("/var/cache/hearth/containerd-v2.4.2/bin"));
    }

    private String hearthBuild(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = Map.of("HOME", tmp.toString(), "XDG_CACHE_HOME", tmp.resolve("cache").toString());
        CommandLine cli = new CommandLine(new BuildCommand(env::get));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertEquals(0, cli.execute(args), err.toString());
        return out.toString().split(" ")[2];
    }

    @ParameterizedTest
    @MethodSource("containerds")
    void importTakesTheArchiveForThisHostAndPullResolvesOtherPlatforms(Path bin) throws Exception {
        Path fn = Files.createDirectories(tmp.resolve("fn"));
        Files.writeString(fn.resolve("index.js"), "console.log('hi')");
        Path archive = tmp.resolve("fn.tar");
        String digest = hearthBuild(fn.toString(), "-t", "example.com/fn:1", "-o", archive.toString());

        try (LocalContainerd containerd = LocalContainerd.start(bin, Files.createDirectories(tmp.resolve("containerd")))) {
            var imported = containerd.ctr("image", "import", archive.toString());
            assertEquals(0, imported.exit(), imported.output());
            var listed = containerd.ctr("image", "ls");
            assertTrue(listed.output().lines().anyMatch(l -> l.startsWith("example.com/fn:1 ") && l.contains(digest)), listed.output());
            var checked = containerd.ctr("image", "check");
            assertTrue(checked.output().lines().anyMatch(l -> l.startsWith("example.com/fn:1 ") && l.contains("complete")
                    && l.strip().endsWith("true")), "imported and unpacked for this host: " + checked.output());

            try (LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")), Optional.empty())) {
                String ref = registry.address() + "/fn:1";
                assertEquals(digest, hearthBuild(fn.toString(), "-t", ref, "--push"));
                var pulled = containerd.ctr("image", "pull", "--plain-http", "--platform", "linux/arm64", ref);
                assertEquals(0, pulled.exit(), pulled.output());
                var after = containerd.ctr("image", "check");
                assertTrue(after.output().lines().anyMatch(l -> l.startsWith(ref + " ") && l.contains(digest)), after.output());
            }
        }
    }
}
