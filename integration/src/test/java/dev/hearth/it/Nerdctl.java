package dev.hearth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * nerdctl against a test's private containerd, in the namespace of its {@link Ctr}, with nerdctl's own state
 * (container names, /etc/hosts and resolv.conf files it bind-mounts, logs) in a data root inside the containerd's
 * directory, so it goes away with it.
 */
final class Nerdctl {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private final Path binary;
    private final Containerd containerd;
    private final String namespace;
    private final Path dataRoot;
    private final Path buildkitBin;
    private final AtomicInteger cidFiles = new AtomicInteger();

    private Nerdctl(Path binary, Containerd containerd, String namespace, Path dataRoot, Path buildkitBin) {
        this.binary = binary;
        this.containerd = containerd;
        this.namespace = namespace;
        this.dataRoot = dataRoot;
        this.buildkitBin = buildkitBin;
    }

    /**
     * nerdctl for {@code ctr}'s namespace of {@code containerd}; {@code buildkitBin} (may be null) goes first on its
     * PATH for {@code nerdctl build}, which runs buildctl. Skips the test when nerdctl is not built.
     */
    static Nerdctl of(Containerd containerd, Ctr ctr, Path buildkitBin) {
        return new Nerdctl(ImageBuilders.nerdctl(), containerd, ctr.namespace(), containerd.scratch("nerdctl"), buildkitBin);
    }

    /** {@code nerdctl build} of {@code context}'s Dockerfile with {@code buildkitd}; the image lands in the namespace. */
    Ctr.Result build(Buildkitd buildkitd, Path context, String tag) {
        return run("build", "--buildkit-host", buildkitd.address(), "-t", tag, context.toString());
    }

    /**
     * {@code nerdctl run --rm <args>} (args start with run's options, then the image), then removes the stdio FIFOs
     * nerdctl created for it: nerdctl 1.7.7 leaves its FIFO directory in /run/containerd/fifo after {@code run
     * --rm} whatever the runtime (runc too), so they are its leftovers, not the runtime's. They are found by the
     * container's id, which {@code --cidfile} reports.
     */
    Ctr.Result runRm(String... args) {
        Path cidFile = containerd.scratch("nerdctl-cid").resolve("cid-" + cidFiles.incrementAndGet());
        List<String> command = new ArrayList<>(List.of("run", "--rm", "--cidfile", cidFile.toString()));
        command.addAll(List.of(args));
        Ctr.Result result = run(command.toArray(String[]::new));
        if (Files.exists(cidFile)) {
            removeFifosOf(readString(cidFile).strip());
        }
        return result;
    }

    private static void removeFifosOf(String containerId) {
        if (containerId.isEmpty() || !Files.isDirectory(LeakCheck.CTR_FIFO_DIR)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(LeakCheck.CTR_FIFO_DIR)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    List<Path> fifos = files.filter(f -> f.getFileName().toString().startsWith(containerId + "-")).toList();
                    for (Path fifo : fifos) {
                        Files.deleteIfExists(fifo);
                    }
                }
                try (Stream<Path> rest = Files.list(dir)) {
                    if (rest.findAny().isEmpty()) {
                        Files.deleteIfExists(dir);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove nerdctl's FIFOs of " + containerId + " in " + LeakCheck.CTR_FIFO_DIR, e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Runs {@code nerdctl <global flags> args} to its end. */
    Ctr.Result run(String... args) {
        String path = (buildkitBin == null ? "" : buildkitBin + ":") + ImageBuilders.SYSTEM_PATH;
        List<String> command = new ArrayList<>(List.of("env", "PATH=" + path, binary.toString(),
                "--address", containerd.address().toString(), "--namespace", namespace, "--data-root", dataRoot.toString()));
        command.addAll(List.of(args));
        return Ctr.exec(TIMEOUT, containerd.scratch("nerdctl-out"), command.toArray(String[]::new));
    }
}
