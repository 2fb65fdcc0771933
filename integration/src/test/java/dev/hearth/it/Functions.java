package dev.hearth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Function images made from the repository's examples/ with the distribution's {@code hearth build}. */
public final class Functions {
    public static final String RUNTIME = "io.containerd.hearth.v2";

    private Functions() {}

    /** The repository's examples/ directory ({@code hearth.examples}, else found above the working directory). */
    static Path examples() {
        String configured = System.getProperty("hearth.examples");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples/hello"))) {
                return dir.resolve("examples");
            }
        }
        throw new IllegalStateException("no examples/hello above " + Path.of("").toAbsolutePath() + "; set -Dhearth.examples");
    }

    /**
     * Builds {@code examples/<name>} as image {@code ref} with {@code hearth build} and imports it into the
     * containerd behind {@code ctr}. Fails with hearth's output when the build does.
     */
    public static void buildAndImport(Containerd containerd, Ctr ctr, String example, String ref) {
        buildAndImport(containerd, ctr, examples().resolve(example), ref);
    }

    /** Like {@link #buildAndImport(Containerd, Ctr, String, String)} for the test function in {@code dir}. */
    public static void buildAndImport(Containerd containerd, Ctr ctr, Path dir, String ref) {
        String example = dir.getFileName().toString();
        Path archive = containerd.scratch("images").resolve(example + ".tar");
        Path log = containerd.scratch("images").resolve(example + ".build.log");
        try {
            Process build = new ProcessBuilder(Dist.command("hearth").toString(), "build", dir.toString(),
                    "-t", ref, "-o", archive.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!build.waitFor(120, TimeUnit.SECONDS)) {
                build.destroyForcibly();
                throw new AssertionError("hearth build " + example + " did not finish within 120 s:\n" + Files.readString(log));
            }
            if (build.exitValue() != 0) {
                throw new AssertionError("hearth build " + example + " exited " + build.exitValue() + ":\n"
                        + new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run hearth build", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted building " + example, e);
        }
        ctr.run("image", "import", archive.toString()).requireSuccess();
    }
}
