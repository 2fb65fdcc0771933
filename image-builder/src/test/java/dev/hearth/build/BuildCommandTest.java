package dev.hearth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    /**
     * Root reads every file whatever its mode; without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
     * (dropped from the bounding set with setpriv) it is bound by modes like anyone else.
     */
    @Test
    void unreadableFileIsNamedEvenForRoot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "not root: unreadableFileIsNamed covers this");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "skipped: no /usr/bin/setpriv (util-linux)");
        Path dir = hello();
        Path secret = dir.resolve("secret.js");
        Files.writeString(secret, "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        Process p = new ProcessBuilder("/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BuildCommandMain.class.getName(),
                dir.toString(), "-t", "a", "-o", tmp.resolve("o.tar").toString()).start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out + err);
        assertEquals("hearth build: cannot read " + dir.toRealPath().resolve("secret.js") + ": permission denied\n", err);
        assertEquals("", out);
        assertFalse(Files.exists(tmp.resolve("o.tar")));
    }

    @Test
    void writesALayoutDirectoryAndAnArchiveInOneRun() throws Exception {
        Path dir = hello();
        Run run = run(Map.of(), dir.toString(), "-t", "hello", "-o", tmp.resolve("layout") + "/",
                "-o", "type=oci,dest=" + tmp.resolve("h.tar"));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().endsWith("-> " + tmp.resolve("layout") + ", " + tmp.resolve("h.tar") + System.lineSeparator()), run.out());
        assertTrue(Files.isRegularFile(tmp.resolve("layout/index.json")));
        assertTrue(Files.isRegularFile(tmp.resolve("h.tar")));
        assertOneErrorLine(run(Map.of(), dir.toString(), "-t", "a", "-o", "type=docker,dest=x"),
                "hearth build: -o type=docker,dest=x: type must be oci-layout (a directory) or oci (an archive file)");
    }

    @Test
    void noEntryFileIsOneLine() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(dir.resolve("README.md"), "");
        assertOneErrorLine(run(Map.of(), dir.toString(), "-t", "a", "-o", tmp.resolve("o.tar").toString()),
                "hearth build: no entry file in " + dir.toRealPath()
                        + ": give --entry FILE, set \"exports\", \"module\" or \"main\" in package.json, or add index.js or index.mjs");
    }

    private static void assertOneErrorLine(Run run, String expected) {
        assertEquals(1, run.exit(), run.err());
        assertEquals(expected + System.lineSeparator(), run.err());
        assertEquals("", run.out());
    }
}
