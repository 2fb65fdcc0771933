package dev.hearth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A running {@code ctr}. Its stdout and stderr go to files, so reading them never blocks and what was printed
 * before a timeout is still there to report. Stdin is empty. Closing it ends ctr (SIGTERM, then SIGKILL).
 */
public final class CtrProcess implements AutoCloseable {
    private final List<String> command;
    private final Path out;
    private final Path err;
    private final Process process;

    CtrProcess(List<String> command, Path out, Path err) throws IOException {
        this.command = List.copyOf(command);
        this.out = out;
        this.err = err;
        this.process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stdout() {
        return read(out);
    }

    public String stderr() {
        return read(err);
    }

    /** The lines printed so far. */
    public List<String> stdoutLines() {
        return stdout().lines().toList();
    }

    /** Waits for ctr to exit; on timeout ends it and fails with what it printed. */
    public Ctr.Result awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop();
                throw new AssertionError(result(-1).describe("did not finish within " + timeout.toSeconds() + " s"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException("interrupted waiting for " + String.join(" ", command), e);
        }
        return result(process.exitValue());
    }

    /**
     * Waits until the lines printed so far satisfy {@code condition} (e.g. all four task events are there);
     * fails with the output when they do not within {@code timeout}.
     */
    public List<String> awaitStdout(Predicate<List<String>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> lines = stdoutLines();
            if (condition.test(lines)) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(result(isAlive() ? -1 : process.exitValue())
                        .describe("did not print what was awaited within " + timeout.toSeconds() + " s"));
            }
            Procs.sleep(Duration.ofMillis(50));
        }
    }

    private Ctr.Result result(int exitCode) {
        return new Ctr.Result(command, exitCode, stdout(), stderr());
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ctr output " + file, e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
        try {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove ctr output files", e);
        }
    }
}
