package dev.hearth.it;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the Dockerfile image builders are: Debian's buildah, and nerdctl, buildkitd and buildctl as
 * scripts/install-deps.sh builds them with Go into /var/cache/hearth. A test needing one that is absent is
 * skipped, naming the path and how to get it. System properties name other builds: {@code hearth.nerdctl}
 * (the nerdctl binary) and {@code hearth.buildkit} (the directory holding buildkitd and buildctl).
 */
final class ImageBuilders {
    static final String NERDCTL_PROPERTY = "hearth.nerdctl";
    static final String BUILDKIT_PROPERTY = "hearth.buildkit";
    static final Path BUILDAH = Path.of("/usr/bin/buildah");
    static final Path NERDCTL = Path.of("/var/cache/hearth/nerdctl-v1.7.7/bin/nerdctl");
    static final Path BUILDKIT = Path.of("/var/cache/hearth/buildkit-v0.34.2/bin");
    static final Path CRICTL = Path.of("/var/cache/hearth/cri-tools-v1.34.0/bin/crictl");
    /** The PATH builders run with (nerdctl finds buildctl on it, buildkitd finds runc). */
    static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ImageBuilders() {}

    static Path buildah() {
        Assumptions.assumeTrue(Files.isExecutable(BUILDAH), BUILDAH + " is missing (scripts/install-deps.sh installs Debian's buildah)");
        return BUILDAH;
    }

    static Path nerdctl() {
        Path nerdctl = Path.of(System.getProperty(NERDCTL_PROPERTY, NERDCTL.toString()));
        Assumptions.assumeTrue(Files.isExecutable(nerdctl), nerdctl + " is missing (scripts/install-deps.sh builds nerdctl with Go;"
                + " see its build log next to it in /var/cache/hearth, or set -D" + NERDCTL_PROPERTY + ")");
        return nerdctl;
    }

    /** crictl, Kubernetes' CRI client (not an image builder, but built and found the same way). */
    static Path crictl() {
        Assumptions.assumeTrue(Files.isExecutable(CRICTL), CRICTL + " is missing (scripts/install-deps.sh builds it with Go;"
                + " see its build log next to it in /var/cache/hearth)");
        return CRICTL;
    }

    /** The directory with buildkitd and buildctl. */
    static Path buildkit() {
        Path dir = Path.of(System.getProperty(BUILDKIT_PROPERTY, BUILDKIT.toString()));
        Assumptions.assumeTrue(Files.isExecutable(dir.resolve("buildkitd")) && Files.isExecutable(dir.resolve("buildctl")),
                "buildkitd or buildctl is missing in " + dir + " (scripts/install-deps.sh builds them with Go;"
                        + " see its build log in /var/cache/hearth, or set -D" + BUILDKIT_PROPERTY + ")");
        return dir;
    }
}
