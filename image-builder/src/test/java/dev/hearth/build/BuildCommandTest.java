package dev.hearth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BuildCommandTest {
    @TempDir Path tmp;

    record Run(int exit, String out, String err) {}

    private Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BuildCommand(env::get));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path hello() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("hello"));
        Files.writeString(dir.resolve("index.js"), "console.log('Hello from hearth!')");
        return dir;
    }

    @Test
    void buildsAndSaysWhatItBuilt() throws Exception {
        Path out = tmp.resolve("hello.tar");
        Run run = run(Map.of(), hello().toString(), "-t", "hello", "-o", out.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("built docker.io/library/hello:latest sha256:"), run.out());
        assertTrue(run.out().contains("(entrypoint /app/index.js)"), run.out());
        assertTrue(Files.size(out) > 0);
    }

    @Test
    void sourceDateEpochFromTheEnvironmentIsUsed() throws Exception {
        Path dir = hello();
        Run zero = run(Map.of(), dir.toString(), "-t", "hello", "-o", tmp.resolve("a.tar").toString());
        Run dated = run(Map.of("SOURCE_DATE_EPOCH", "1700000000"), dir.toString(), "-t", "hello", "-o", tmp.resolve("b.tar").toString());
        assertEquals(0, dated.exit(), dated.err());
        String digestZero = zero.out().split(" ")[2];
        String digestDated = dated.out().split(" ")[2];
        assertTrue(!digestZero.equals(digestDated), "SOURCE_DATE_EPOCH changes the image");
        Run bad = run(Map.of("SOURCE_DATE_EPOCH", "yesterday"), dir.toString(), "-t", "hello", "-o", tmp.resolve("c.tar").toString());
        assertOneErrorLine(bad, "hearth build: SOURCE_DATE_EPOCH must be a non-negative number of seconds, got \"yesterday\"");
    }

    @Test
    void badInputGivesOneErrorLineAndExitOne() throws Exception {
        Path dir = hello();
        String out = tmp.resolve("o.tar").toString();
        assertOneErrorLine(run(Map.of(), tmp.resolve("missing").toString(), "-t", "a", "-o", out),
                "hearth build: " + tmp.resolve("missing") + ": no such file or directory");
        assertOneErrorLine(run(Map.of(), dir.toString(), "-t", "a", "-o", out, "--entry", "../x.js"),
                "hearth build: entry ../x.js is outside " + dir.toRealPath());
        Run badRef = run(Map.of(), dir.toString(), "-t", "Bad/Name", "-o", out);
        assertEquals(1, badRef.exit());
        assertTrue(badRef.err().startsWith("hearth build: -t: image reference \"Bad/Name\""), badRef.err());
        assertOneErrorLine(run(Map.of(), dir.toString(), "-t", "a"),
                "hearth build: nothing to write: give -o <file.tar>, -o <dir>/ or --push");
    }

    @Test
    void missingTagIsAUsageError() throws Exception {
        Run run = run(Map.of(), hello().toString(), "-o", tmp.resolve("o.tar").toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Missing required option: '--tag=<ref>'"), run.err());
    }

    @Test
    void unreadableFileIsNamed() throws Exception {
        // root reads any file whatever its mode, so this can only be checked as another user.
        assumeFalse("root".equals(System.getProperty("user.name")), "running as root");
        Path dir = hello();
        Path secret = dir.resolve("secret.js");
        Files.writeString(secret, "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        assertOneErrorLine(run(Map.of(), dir.toString(), "-t", "a", "-o", tmp.resolve("o.tar").toString()),
                "hearth build: cannot read " + dir.toRealPath().resolve("secret.js") + ": permission denied");
    }

    private static void assertOneErrorLine(Run run, String expected) {
        assertEquals(1, run.exit(), run.err());
        assertEquals(expected + System.lineSeparator(), run.err());
        assertEquals("", run.out());
    }
}
