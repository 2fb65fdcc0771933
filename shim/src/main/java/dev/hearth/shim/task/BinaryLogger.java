package dev.hearth.shim.task;

import dev.hearth.launcher.Fifo;
import dev.hearth.launcher.Stdio;
import dev.hearth.shim.Log;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * containerd's "binary" logger for one task: the stdout URI {@code binary:///path/to/logger?key=value}
 * (what {@code ctr run --log-uri} and nerdctl's default logging hand the shim). The contract, as
 * containerd's own shims keep it: the program named by the URI's path runs with the query pairs as
 * arguments ({@code key value}, first value of each key), only {@code CONTAINER_ID} and
 * {@code CONTAINER_NAMESPACE} in its environment, and three extra fds: 3 reads the container's
 * stdout, 4 its stderr, 5 writes a "ready" pipe that the logger closes (or writes to) once it is
 * ready. It exits when stdout and stderr reach their end, that is when the worker has exited.
 *
 * <p>The JDK cannot give a child extra fds, so the pipes are FIFOs in the task's state dir and
 * {@code /bin/sh} opens them as fds 3, 4, 5 before it {@code exec}s the logger (same pid). Every
 * open of a FIFO blocks until the other end opens, so the order is fixed: sh opens 5 first
 * (the daemon's "ready" thread opens the read end at the same time), then 3 and 4, which the
 * worker's Load opens for writing in that order (stdout, then stderr). The daemon never opens the
 * stdout/stderr FIFOs, so the worker holds their only write ends and its exit is the logger's
 * EOF. The logger is not in the container's cgroup (containerd's runc shim keeps its logger in
 * the shim's), and its own stdout/stderr go to the daemon log.
 */
final class BinaryLogger {
    private static final Log LOG = Log.forComponent("logger");
    static final String SCHEME = "binary";
    /** File names in the task's state dir; {@value #PID_FILE} lets the sh {@code delete} find the logger. */
    static final String STDOUT_FIFO = "log-stdout", STDERR_FIFO = "log-stderr", READY_FIFO = "log-ready",
            PID_FILE = "logger-pid";
    /** $1..$3 are the FIFOs, the rest is the logger's command line. */
    private static final String OPEN_FDS_THEN_EXEC = "exec 5>\"$3\" 3<\"$1\" 4<\"$2\"; shift 3; exec \"$@\"";
    /** How long Delete lets a logger finish writing after the worker exited, then after SIGTERM, then after SIGKILL. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(3), TERM_GRACE = Duration.ofSeconds(2),
            KILL_GRACE = Duration.ofSeconds(2);

    /** What a {@code binary://} URI names: an absolute program path and its arguments. */
    record Command(Path program, List<String> args) {
        /**
         * Parses {@code binary://[host]/path?k1=v1&k2}: arguments {@code k1 v1 k2 ""} in the URI's
         * order, percent- and {@code +}-decoded like Go's {@code url.ParseQuery}; a repeated key
         * keeps its first value. The host part, if any, is ignored (containerd uses the path only).
         */
        static Command parse(String uri) {
            URI parsed;
            try {
                parsed = new URI(uri);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("log URI " + uri + " is not a valid URI: " + e.getMessage());
            }
            if (!SCHEME.equals(parsed.getScheme())) {
                throw new IllegalArgumentException("log URI " + uri + " is not a " + SCHEME + ":// URI");
            }
            String path = parsed.getPath();
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("log URI " + uri + " must name the logger by its absolute path (binary:///path/to/logger)");
            }
            Map<String, String> pairs = new LinkedHashMap<>();
            String query = parsed.getRawQuery();
            if (query != null) {
                for (String pair : query.split("&")) {
                    if (pair.isEmpty()) continue;
                    int eq = pair.indexOf('=');
                    String key = decode(uri, eq < 0 ? pair : pair.substring(0, eq));
                    String value = eq < 0 ? "" : decode(uri, pair.substring(eq + 1));
                    pairs.putIfAbsent(key, value);
                }
            }
            List<String> args = new ArrayList<>();
            pairs.forEach((k, v) -> { args.add(k); args.add(v); });
            return new Command(Path.of(path), List.copyOf(args));
        }

        private static String decode(String uri, String part) {
            try {
                return URLDecoder.decode(part, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("log URI " + uri + ": bad escape in \"" + part + "\"");
            }
        }
    }

    static boolean isBinaryUri(String uri) {
        return uri.startsWith(SCHEME + "://");
    }

    /**
     * The logger a task's stdio asks for, or null when it names none. Like containerd's runc shim,
     * the stdout URI decides and the logger gets both streams; a stderr that names another
     * logger, or a logger for stderr alone, is refused rather than half-honoured.
     */
    static Command forStdio(Stdio stdio) {
        boolean out = isBinaryUri(stdio.stdout()), err = isBinaryUri(stdio.stderr());
        if (!out && !err) return null;
        if (!out) {
            throw new IllegalArgumentException("stderr " + stdio.stderr() + " is a binary logger but stdout (" + stdio.stdout()
                    + ") is not; a binary logger takes both streams, so name it as stdout");
        }
        if (err && !stdio.stderr().equals(stdio.stdout())) {
            throw new IllegalArgumentException("stdout and stderr name different binary loggers (" + stdio.stdout() + ", "
                    + stdio.stderr() + "); one logger takes both streams");
        }
        return Command.parse(stdio.stdout());
    }

    private final String id;
    private final Process process;
    private final Path stdoutFifo, stderrFifo, readyFifo;
    private final CompletableFuture<Void> ready;

    private BinaryLogger(String id, Process process, Path stdoutFifo, Path stderrFifo, Path readyFifo,
                         CompletableFuture<Void> ready) {
        this.id = id;
        this.process = process;
        this.stdoutFifo = stdoutFifo;
        this.stderrFifo = stderrFifo;
        this.readyFifo = readyFifo;
        this.ready = ready;
    }

    /**
     * Makes the FIFOs in {@code dir} and starts the logger, which then waits for the worker to
     * open its stdout and stderr. Throws IllegalArgumentException when the program is not an
     * executable file (a user's mistake), IOException when the daemon could not do its part.
     */
    static BinaryLogger start(Command command, String id, String namespace, Path dir) throws IOException {
        if (!Files.isRegularFile(command.program()) || !Files.isExecutable(command.program())) {
            throw new IllegalArgumentException("log URI: logger " + command.program() + " is not an executable file");
        }
        Path out = Fifo.make(dir.resolve(STDOUT_FIFO)), err = Fifo.make(dir.resolve(STDERR_FIFO)), readyFifo = Fifo.make(dir.resolve(READY_FIFO));
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", OPEN_FDS_THEN_EXEC, "hearth-logger",
                out.toString(), err.toString(), readyFifo.toString(), command.program().toString()));
        argv.addAll(command.args());
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("CONTAINER_ID", id);
        pb.environment().put("CONTAINER_NAMESPACE", namespace);
        // The read end first: the thread's open and sh's "5>" meet, whichever comes first waits.
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("logger-ready " + id).start(() -> awaitReadyFifo(readyFifo, ready));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            releaseReadyThread(readyFifo, ready);
            throw new IOException("starting logger " + command.program() + ": " + e.getMessage(), e);
        }
        Thread.ofVirtual().name("logger-output " + id).start(() -> copyOutputToLog(id, process));
        LOG.info("logger started", "id", id, "pid", process.pid(), "program", command.program());
        return new BinaryLogger(id, process, out, err, readyFifo, ready);
    }

    /** Ready means the logger wrote a byte or closed fd 5 (containerd accepts either). */
    private static void awaitReadyFifo(Path readyFifo, CompletableFuture<Void> ready) {
        try (InputStream in = Files.newInputStream(readyFifo)) {
            in.read();
            ready.complete(null);
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    /**
     * Unblocks a ready thread still waiting in open(2) because no sh ever opened fd 5: an
     * O_RDWR open of a FIFO never blocks on Linux and counts as a writer; closing it right away
     * leaves the thread with end-of-file.
     */
    private static void releaseReadyThread(Path readyFifo, CompletableFuture<Void> ready) {
        if (ready.isDone() || !Files.exists(readyFifo)) return; // "rw" on a missing path would create a file
        try (RandomAccessFile poke = new RandomAccessFile(readyFifo.toFile(), "rw")) {
            // opened and closed: that is all
        } catch (IOException e) {
            LOG.warn("releasing the logger-ready thread", "fifo", readyFifo, "error", e.getMessage());
        }
    }

    private static void copyOutputToLog(String id, Process process) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                LOG.info("logger output", "id", id, "pid", process.pid(), "line", line);
            }
        } catch (IOException e) {
            LOG.debug("logger output ended", "id", id, "error", e.getMessage());
        }
    }

    long pid() { return process.pid(); }

    /** What the worker opens: the FIFOs the logger reads, in place of the {@code binary://} URIs. */
    Stdio workerStdio(String stdin) {
        return new Stdio(stdin, stdoutFifo.toString(), stderrFifo.toString());
    }

    /**
     * Waits until the logger said it is ready; call after the worker opened its stdout and
     * stderr (its Load), since the logger only gets its fds 3 and 4 then.
     */
    void awaitReady(Duration timeout) throws IOException {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("logger " + process.pid() + " did not report ready (close fd 5) within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException("waiting for logger " + process.pid() + " to be ready: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for logger " + process.pid() + " to be ready");
        }
        if (exited(process, Duration.ZERO)) {
            // A logger that dies closes fd 5 too, which looks like "ready". Best effort: only a
            // death the JDK has already reaped shows here (start() checks the program exists, the
            // usual cause).
            throw new IOException("logger " + process.pid() + " exited with status " + process.exitValue()
                    + " before the task started (see the daemon log for its output)");
        }
    }

    /** For a Create that failed: the logger goes at once (it may still be blocked opening a FIFO). */
    void kill() {
        process.destroyForcibly();
        if (!exited(process, KILL_GRACE)) {
            LOG.warn("logger did not exit after SIGKILL", "id", id, "pid", process.pid());
        }
        releaseReadyThread(readyFifo, ready);
    }

    /**
     * For Delete, once the worker has exited: the logger has seen EOF and should be finishing;
     * after {@link #EXIT_GRACE} it gets SIGTERM, then SIGKILL. Returns null when it is gone
     * (the JDK reaps it), else what is wrong, so that Delete keeps the task for a retry.
     */
    String reap() {
        if (exited(process, EXIT_GRACE)) return null;
        LOG.warn("logger still running after the task exited; sending SIGTERM", "id", id, "pid", process.pid());
        process.destroy();
        if (exited(process, TERM_GRACE)) return null;
        LOG.warn("logger ignored SIGTERM; sending SIGKILL", "id", id, "pid", process.pid());
        process.destroyForcibly();
        if (exited(process, KILL_GRACE)) return null;
        return "logger " + process.pid() + " did not exit after SIGKILL";
    }

    private static boolean exited(Process process, Duration within) {
        try {
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
