package dev.hearth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's buildah with everything of its own in one directory of the test: image storage (the vfs driver, so
 * that it mounts nothing), run root and TMPDIR. It never touches /var/lib/containers. {@link #close()} deletes
 * the directory, images included.
 */
final class Buildah implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private final Path binary;
    private final Path dir;

    private Buildah(Path binary, Path dir) {
        this.binary = binary;
        this.dir = dir;
    }

    /** buildah keeping its storage in {@code dir}; skips the test when buildah is not installed. */
    static Buildah in(Path dir) {
        Path binary = ImageBuilders.buildah();
        try {
            Files.createDirectories(dir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return new Buildah(binary, dir);
    }

    Path dir() {
        return dir;
    }

    /** {@code buildah bud} of {@code context}'s Dockerfile as an OCI image tagged {@code tag}. */
    Ctr.Result bud(Path context, String tag) {
        return run("bud", "--format", "oci", "-t", tag, "-f", context.resolve("Dockerfile").toString(), context.toString());
    }

    /** Pushes {@code tag} to a plain-HTTP registry on loopback, e.g. {@code docker://127.0.0.1:5000/fn/x:1}. */
    Ctr.Result pushPlainHttp(String tag, String destination) {
        return run("push", "--tls-verify=false", tag, destination);
    }

    Ctr.Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("env", "TMPDIR=" + dir.resolve("tmp"), "PATH=" + ImageBuilders.SYSTEM_PATH,
                binary.toString(), "--root", dir.resolve("storage").toString(), "--runroot", dir.resolve("run").toString(),
                "--storage-driver", "vfs"));
        command.addAll(List.of(args));
        return Ctr.exec(TIMEOUT, dir, command.toArray(String[]::new));
    }

    @Override
    public void close() {
        Containerd.deleteTree(dir);
        if (Files.exists(dir)) {
            throw new IllegalStateException("cannot remove buildah's storage " + dir);
        }
    }
}
