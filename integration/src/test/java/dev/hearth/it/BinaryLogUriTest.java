package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * {@code binary://} log URIs ({@code ctr run --log-uri binary:///path?k=v}): the shim runs the logger with the
 * function's stdout on fd 3 and stderr on fd 4, waits for it to close fd 5, and reaps it at Delete. nerdctl's
 * default logging, the other user of this contract, is covered by {@link DockerfileImagesTest}.
 */
@IntegrationTest
class BinaryLogUriTest {
    private static final String THROWS = "docker.io/library/throws:1";
    private static final String FOREVER = "docker.io/library/forever:1";

    /** Copies fd 3 and 4 to files in the directory given as {@code ?dir=}, and records its arguments and env. */
    private static final String COPYING_LOGGER = """
            #!/bin/sh
            PATH=/usr/bin:/bin
            printf '%s\\n' "$CONTAINER_NAMESPACE" "$CONTAINER_ID" "$@" > "$2/args"
            cat <&3 > "$2/stdout" 4<&- 5>&- &
            cat <&4 > "$2/stderr" 3<&- 5>&- &
            exec 3<&- 4<&- 5>&-
            wait
            """;

    @AcrossContainerds
    void ctrRunWithABinaryLogUriFeedsBothStreamsToTheLogger(ContainerdBinary binary) throws IOException {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "throws", THROWS);
            LeakCheck before = LeakCheck.take(containerd);
            Path logger = executable(containerd.scratch("logger").resolve("copy-logger.sh"), COPYING_LOGGER);
            Path out = containerd.scratch("logger-out");

            ctr.run("run", "-d", "--log-uri", "binary://" + logger + "?dir=" + out, "--runtime", Functions.RUNTIME,
                    THROWS, "binlog1").requireSuccess();
            Tasks.awaitStatus(ctr, "binlog1", "STOPPED");
            ctr.run("task", "delete", "binlog1").requireSuccess();
            ctr.run("container", "delete", "binlog1").requireSuccess();

            // Delete returns once the logger has exited, so its files are complete.
            assertEquals(List.of(ctr.namespace(), "binlog1", "dir", out.toString()), Files.readAllLines(out.resolve("args")));
            assertEquals(List.of("about to fail"), Files.readAllLines(out.resolve("stdout")));
            String stderr = Files.readString(out.resolve("stderr"));
            assertTrue(stderr.contains("this function fails on purpose"), "stderr the logger got: " + stderr);
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    @AcrossContainerds
    void aLoggerThatIsNotThereIsRefusedAndLeavesNothing(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "throws", THROWS);
            LeakCheck before = LeakCheck.take(containerd);
            Path missing = containerd.scratch("logger").resolve("no-such-logger");

            Ctr.Result run = ctr.run("run", "--rm", "--log-uri", "binary://" + missing, "--runtime", Functions.RUNTIME,
                    THROWS, "binlog2");
            assertTrue(run.exitCode() != 0 && run.stderr().contains(missing + " is not an executable file"),
                    run.describe("should be refused naming the logger"));
            ctr.run("container", "delete", "binlog2"); // in case create's failure left the container record
            LeakCheck.assertNothingLeftSince(before, containerd);
        }
    }

    /**
     * A daemon that dies leaves its logger orphaned: the sh {@code delete} kills the worker, which is the logger's
     * end of input, so it exits by itself.
     */
    @AcrossContainerds
    void theLoggerOfATaskWhoseDaemonDiedEndsWithTheWorker(ContainerdBinary binary) {
        try (Containerd containerd = Containerd.start(binary)) {
            Ctr ctr = containerd.ctr();
            Functions.buildAndImport(containerd, ctr, "forever", FOREVER);
            LeakCheck before = LeakCheck.take(containerd);
            Path logger = executable(containerd.scratch("logger").resolve("copy-logger.sh"), COPYING_LOGGER);
            Path out = containerd.scratch("logger-out");

            ctr.run("run", "-d", "--log-uri", "binary://" + logger + "?dir=" + out, "--runtime", Functions.RUNTIME,
                    FOREVER, "binlog3").requireSuccess();
            long workerPid = Tasks.awaitStatus(ctr, "binlog3", "RUNNING");
            List<Procs.Proc> loggers = Procs.matching(p -> p.cmdline().contains(logger.toString()));
            assertEquals(1, loggers.size(), "one logger process, found: " + loggers);
            List<Procs.Proc> daemons = Procs.matching(p -> p.cmdline().contains("dev.hearth.shim.ShimDaemon")
                    && p.mentions(containerd.hearthRunDir().toString()));
            assertEquals(1, daemons.size(), "one shim daemon, found: " + daemons);
            assertTrue(Procs.killAndWait(daemons, Duration.ofSeconds(5)).isEmpty(), "the daemon should die on SIGKILL");

            Tasks.awaitGoneOrStopped(ctr, "binlog3");
            ctr.run("task", "delete", "binlog3"); // may already be gone: containerd cleans up a dead shim's task itself
            ctr.run("container", "delete", "binlog3").requireSuccess();
            // containerd runs the shim's delete for a dead shim in the background: give it time.
            assertTrue(Procs.awaitGone(workerPid, Duration.ofSeconds(15)), "worker " + workerPid + " should be killed by delete");
            LeakCheck.assertNothingLeftSince(before, containerd); // the logger included
        }
    }

    private static Path executable(Path path, String text) {
        try {
            Files.writeString(path, text);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
