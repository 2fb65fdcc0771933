package dev.hearth.shim.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.launcher.Stdio;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryLoggerTest {
    @TempDir
    Path tmp;

    @Test
    void theQueryPairsBecomeArgumentsInTheirOrder() {
        BinaryLogger.Command c = BinaryLogger.Command.parse("binary:///usr/local/bin/nerdctl?_NERDCTL_INTERNAL_LOGGING=%2Fvar%2Flib%2Fnerdctl&b=x+y&flag&b=second");
        assertEquals(Path.of("/usr/local/bin/nerdctl"), c.program());
        assertEquals(List.of("_NERDCTL_INTERNAL_LOGGING", "/var/lib/nerdctl", "b", "x y", "flag", ""), c.args());
        assertEquals(List.of(), BinaryLogger.Command.parse("binary:///bin/logger").args());
    }

    @Test
    void aLoggerMustBeNamedByAnAbsolutePath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BinaryLogger.Command.parse("binary:logger"));
        assertTrue(e.getMessage().contains("absolute path"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BinaryLogger.Command.parse("binary:///bin/logger?a=%zz"));
    }

    @Test
    void theStdoutUriDecidesAndTheLoggerTakesBothStreams() {
        assertNull(BinaryLogger.forStdio(new Stdio("", "/run/fifo/out", "file:///tmp/err")));
        assertEquals(Path.of("/bin/l"), BinaryLogger.forStdio(new Stdio("", "binary:///bin/l", "")).program());
        assertEquals(Path.of("/bin/l"), BinaryLogger.forStdio(new Stdio("", "binary:///bin/l", "binary:///bin/l")).program());
        IllegalArgumentException alone = assertThrows(IllegalArgumentException.class,
                () -> BinaryLogger.forStdio(new Stdio("", "/run/fifo/out", "binary:///bin/l")));
        assertTrue(alone.getMessage().contains("name it as stdout"), alone.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BinaryLogger.forStdio(new Stdio("", "binary:///bin/a", "binary:///bin/b")));
    }

    @Test
    void aProgramThatIsNotExecutableIsRefusedBeforeAnythingStarts() throws IOException {
        Path notExecutable = Files.writeString(tmp.resolve("logger.sh"), "#!/bin/sh\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BinaryLogger.start(new BinaryLogger.Command(notExecutable, List.of()), "c1", "ns", tmp));
        assertTrue(e.getMessage().contains("not an executable file"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve(BinaryLogger.STDOUT_FIFO)));
    }

    /** The whole contract, with this test in the worker's place: fds 3/4/5, arguments, environment, EOF, reaping. */
    @Test
    void theLoggerGetsTheOutputOnFd3And4AndIsReapedAfterEof() throws Exception {
        Path out = Files.createDirectory(tmp.resolve("out"));
        Path script = executable("copy-logger.sh", """
                #!/bin/sh
                PATH=/usr/bin:/bin
                printf '%s\\n' "$CONTAINER_NAMESPACE" "$CONTAINER_ID" "$@" > "$2/args"
                cat <&3 > "$2/stdout" 4<&- 5>&- &
                cat <&4 > "$2/stderr" 3<&- 5>&- &
                exec 3<&- 4<&- 5>&-
                wait
                """);
        Path state = Files.createDirectory(tmp.resolve("state"));
        BinaryLogger logger = BinaryLogger.start(BinaryLogger.Command.parse("binary://" + script + "?dir=" + out),
                "c1", "default", state);
        Stdio worker = logger.workerStdio("");
        try (OutputStream stdout = Files.newOutputStream(Path.of(worker.stdout()));
             OutputStream stderr = Files.newOutputStream(Path.of(worker.stderr()))) {
            logger.awaitReady(Duration.ofSeconds(30));
            stdout.write("to stdout\n".getBytes(StandardCharsets.UTF_8));
            stderr.write("to stderr\n".getBytes(StandardCharsets.UTF_8));
        }
        assertNull(logger.reap(), "the logger should exit on EOF");
        assertFalse(ProcessHandle.of(logger.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(List.of("default", "c1", "dir", out.toString()), Files.readAllLines(out.resolve("args")));
        assertEquals("to stdout\n", Files.readString(out.resolve("stdout")));
        assertEquals("to stderr\n", Files.readString(out.resolve("stderr")));
    }

    @Test
    void aLoggerThatNeverSaysReadyFailsTheWaitAndIsKilled() throws Exception {
        // sleep inherits fd 5 and never closes it.
        Path script = executable("never-ready.sh", "#!/bin/sh\nexec /bin/sleep 600\n");
        BinaryLogger logger = BinaryLogger.start(new BinaryLogger.Command(script, List.of()), "c2", "default", tmp);
        Stdio worker = logger.workerStdio("");
        try (OutputStream stdout = Files.newOutputStream(Path.of(worker.stdout()));
             OutputStream stderr = Files.newOutputStream(Path.of(worker.stderr()))) {
            IOException e = assertThrows(IOException.class, () -> logger.awaitReady(Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("did not report ready"), e.getMessage());
            logger.kill();
        }
        assertFalse(ProcessHandle.of(logger.pid()).map(ProcessHandle::isAlive).orElse(false));
    }

    /** A Create that fails before the worker opened its stdout: sh is still blocked opening fd 3. */
    @Test
    void aLoggerWhoseWorkerNeverCameIsKilled() throws Exception {
        Path script = executable("unused.sh", "#!/bin/sh\nexit 0\n");
        BinaryLogger logger = BinaryLogger.start(new BinaryLogger.Command(script, List.of()), "c3", "default", tmp);
        logger.kill();
        assertFalse(ProcessHandle.of(logger.pid()).map(ProcessHandle::isAlive).orElse(false));
        IOException e = assertThrows(IOException.class, () -> logger.awaitReady(Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("logger " + logger.pid()), e.getMessage());
    }

    private Path executable(String name, String text) throws IOException {
        Path p = Files.writeString(tmp.resolve(name), text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }
}
