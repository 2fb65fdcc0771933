package dev.hearth.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One containerd build to test against, with the {@code ctr} that matches it.
 *
 * <p>Chosen by system properties: {@code hearth.containerd} (default Debian's /usr/bin/containerd, 1.7.x from
 * trixie or bookworm's 1.6.x) and {@code hearth.containerd2} (default the v2.4.2 build that
 * scripts/install-deps.sh keeps in /var/cache/hearth; {@code none} leaves it out). The ctr next to the binary is
 * used when there is one, else /usr/bin/ctr.
 */
public record ContainerdBinary(String label, Path containerd, Path ctr) {
    public static final String PROPERTY = "hearth.containerd";
    public static final String PROPERTY_2 = "hearth.containerd2";
    static final Path DEBIAN = Path.of("/usr/bin/containerd");
    static final Path BUILT_2 = Path.of("/var/cache/hearth/containerd-v2.4.2/bin/containerd");
    private static final Pattern VERSION = Pattern.compile("\\s(v?\\d+\\.\\d+\\.\\d+)[^\\s]*");

    /** The containerds a test marked {@link AcrossContainerds} runs against; absent ones are skipped when started. */
    public static List<ContainerdBinary> candidates() {
        ContainerdBinary primary = of("debian", Path.of(System.getProperty(PROPERTY, DEBIAN.toString())));
        String second = System.getProperty(PROPERTY_2, BUILT_2.toString());
        return "none".equals(second) ? List.of(primary) : List.of(primary, of("2.x", Path.of(second)));
    }

    /** The default one: what {@code hearth.containerd} names. */
    public static ContainerdBinary primary() {
        return candidates().getFirst();
    }

    static ContainerdBinary of(String label, Path containerd) {
        Path sibling = containerd.resolveSibling("ctr");
        return new ContainerdBinary(label, containerd, Files.isExecutable(sibling) ? sibling : Path.of("/usr/bin/ctr"));
    }

    public boolean present() {
        return Files.isExecutable(containerd) && Files.isExecutable(ctr);
    }

    /** Why this binary cannot be used, for the skip message. */
    String absence() {
        return label + " containerd not found at " + containerd
                + (label.equals("2.x") ? " (scripts/install-deps.sh builds it with Go; set -D" + PROPERTY_2 + " to another build)"
                                       : " (run scripts/install-deps.sh or set -D" + PROPERTY + ")");
    }

    /** The version it reports, e.g. {@code 1.7.24} or {@code 2.4.2}. */
    public String version() {
        try {
            Process process = new ProcessBuilder(containerd.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(containerd + " --version did not answer within 10 s");
            }
            return parseVersion(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + containerd + " --version: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + containerd + " for its version", e);
        }
    }

    /** Extracts x.y.z from {@code containerd --version} output ("containerd github.com/... 1.7.24~ds1 ..."). */
    static String parseVersion(String versionOutput) {
        Matcher m = VERSION.matcher(versionOutput);
        if (!m.find()) {
            throw new IllegalStateException("no version in containerd --version output: " + versionOutput.strip());
        }
        String v = m.group(1);
        return v.startsWith("v") ? v.substring(1) : v;
    }

    public int majorVersion() {
        String version = version();
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }

    @Override
    public String toString() {
        return "containerd " + label + " (" + containerd + ")";
    }
}
