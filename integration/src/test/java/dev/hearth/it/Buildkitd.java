package dev.hearth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private buildkitd for {@code nerdctl build}: its own OCI worker (runc executor, native snapshotter, host
 * network) with root, socket and log in one directory of the test, so it shares nothing with the machine's
 * buildkit or with the test's containerd (nerdctl loads the built image into that containerd itself).
 * {@link #close()} stops it with its children and unmounts whatever it left below its directory.
 */
final class Buildkitd implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private final Path bin;
    private final Path dir;
    private final Process process;

    private Buildkitd(Path bin, Path dir, Process process) {
        this.bin = bin;
        this.dir = dir;
        this.process = process;
    }

    /** Starts buildkitd in {@code dir} and waits until buildctl sees its worker; skips the test when it is not built. */
    static Buildkitd start(Path dir) {
        Path bin = ImageBuilders.buildkit();
        try {
            Files.createDirectories(dir.resolve("root"));
            ProcessBuilder builder = new ProcessBuilder(bin.resolve("buildkitd").toString(),
                    "--root", dir.resolve("root").toString(), "--addr", "unix://" + dir.resolve("buildkitd.sock"),
                    "--oci-worker=true", "--containerd-worker=false", "--oci-worker-net=host", "--oci-worker-snapshotter=native")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("buildkitd.log").toFile());
            builder.environment().put("PATH", ImageBuilders.SYSTEM_PATH); // its OCI worker looks for runc
            Buildkitd buildkitd = new Buildkitd(bin, dir, builder.start());
            try {
                buildkitd.awaitReady();
            } catch (RuntimeException | Error e) {
                buildkitd.close();
                throw e;
            }
            return buildkitd;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start buildkitd in " + dir, e);
        }
    }

    /** buildkitd's address, for {@code nerdctl build --buildkit-host} and {@code buildctl --addr}. */
    String address() {
        return "unix://" + dir.resolve("buildkitd.sock");
    }

    /** The directory with buildctl (nerdctl runs it from PATH). */
    Path bin() {
        return bin;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("buildkitd exited with " + process.exitValue() + " while starting:\n" + logTail());
            }
            if (Files.exists(dir.resolve("buildkitd.sock"))) {
                Ctr.Result workers = Ctr.exec(Duration.ofSeconds(10), dir, bin.resolve("buildctl").toString(),
                        "--addr", address(), "debug", "workers");
                if (workers.exitCode() == 0 && workers.stdout().lines().count() > 1) { // a header, then one line per worker
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("buildkitd showed no worker within " + READY_TIMEOUT.toSeconds() + " s:\n" + logTail());
            }
            Procs.sleep(Duration.ofMillis(200));
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("buildkitd.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read buildkitd.log: " + e.getMessage() + ")";
        }
    }

    /** Stops buildkitd (SIGTERM, then SIGKILL) and any child it left, and unmounts what is below its directory. */
    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                problems.add("buildkitd ignored SIGTERM for " + STOP_TIMEOUT.toSeconds() + " s");
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            problems.add("buildkitd " + process.pid() + " survives SIGKILL");
        }
        List<Path> mounted = Mounts.unmountAll(dir);
        if (!mounted.isEmpty()) {
            problems.add("cannot unmount " + mounted);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("stopping buildkitd in " + dir + ": " + String.join("; ", problems));
        }
    }
}
