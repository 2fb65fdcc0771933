package dev.hearth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs containerd's {@code ctr} against one containerd socket and namespace. Every call has a timeout: a ctr
 * that hangs (a shim that never answers) fails the test with what ctr printed so far instead of hanging it.
 */
public final class Ctr {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Path binary;
    private final Path address;
    private final String namespace;
    private final Path scratch;
    private final Path fifoDir;

    /** {@code scratch} is a directory for ctr's output files, {@code fifoDir} for the FIFOs of the containers it runs. */
    Ctr(Path binary, Path address, String namespace, Path scratch, Path fifoDir) {
        this.binary = binary;
        this.address = address;
        this.namespace = namespace;
        this.scratch = scratch;
        this.fifoDir = fifoDir;
    }

    public String namespace() {
        return namespace;
    }

    /** What one ctr invocation did. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** Returns this result, or fails naming the command and its output when ctr did not exit 0. */
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError(describe("failed"));
            }
            return this;
        }

        String describe(String what) {
            return String.join(" ", command) + " " + what + " (exit " + exitCode + ")\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    /** Runs {@code ctr <args>} to its end, at most {@link #DEFAULT_TIMEOUT}. */
    public Result run(String... args) {
        return run(DEFAULT_TIMEOUT, args);
    }

    /** Runs {@code ctr <args>} to its end; fails with its output so far when it takes longer than {@code timeout}. */
    public Result run(Duration timeout, String... args) {
        try (CtrProcess process = start(args)) {
            return process.awaitExit(timeout);
        }
    }

    /** Starts {@code ctr <args>} in the background (e.g. {@code run} of a function that runs forever). */
    public CtrProcess start(String... args) {
        return startCommand(commandLine(args), scratch);
    }

    /** The full ctr command line for {@code args}, for running it some other way (e.g. under {@code script}). */
    public List<String> commandLine(String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-a", address.toString(), "-n", namespace));
        command.addAll(withFifoDir(List.of(args), fifoDir));
        return command;
    }

    /** Runs any command the way ctr is run here: empty stdin, output to files in {@code scratch}, a timeout. */
    public static Result exec(Duration timeout, Path scratch, String... command) {
        try (CtrProcess process = startCommand(List.of(command), scratch)) {
            return process.awaitExit(timeout);
        }
    }

    private static CtrProcess startCommand(List<String> command, Path scratch) {
        try {
            Path out = Files.createTempFile(scratch, "ctr-", ".out");
            Path err = Files.createTempFile(scratch, "ctr-", ".err");
            return new CtrProcess(command, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /**
     * Puts {@code --fifo-dir} right after the subcommands that create stdio FIFOs ({@code run}, {@code task start},
     * {@code task exec}) unless the caller chose one: ctr's default, /run/containerd/fifo, is machine-wide and ctr
     * leaves FIFOs there for detached containers; in this containerd's directory they go away with it.
     */
    static List<String> withFifoDir(List<String> args, Path fifoDir) {
        if (args.contains("--fifo-dir")) {
            return args;
        }
        int after = !args.isEmpty() && args.getFirst().equals("run") ? 1
                : args.size() > 1 && args.getFirst().equals("task") && (args.get(1).equals("start") || args.get(1).equals("exec")) ? 2
                : -1;
        if (after < 0) {
            return args;
        }
        List<String> out = new ArrayList<>(args.subList(0, after));
        out.add("--fifo-dir");
        out.add(fifoDir.toString());
        out.addAll(args.subList(after, args.size()));
        return out;
    }

    /**
     * Starts {@code ctr events} (all namespaces of this containerd); read what it printed with
     * {@link CtrProcess#awaitStdout}. Close it when done.
     */
    public CtrProcess events() {
        CtrProcess events = start("events");
        // ctr events subscribes asynchronously: give it a moment so that events of the next action are not missed.
        Procs.sleep(Duration.ofMillis(300));
        return events;
    }
}
