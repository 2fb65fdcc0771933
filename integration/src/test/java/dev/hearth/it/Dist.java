package dev.hearth.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The built distribution under test ({@code build/dist}: bin/containerd-shim-hearth-v2, bin/hearth, lib/*.jar),
 * named by the system property {@code hearth.dist} that {@code make test} passes to Maven.
 */
public final class Dist {
    public static final String PROPERTY = "hearth.dist";

    private Dist() {}

    /** The property's value, or null when the tests were not started by {@code make test}. */
    static String configured() {
        String value = System.getProperty(PROPERTY);
        return value == null || value.isBlank() ? null : value;
    }

    /** The distribution's root; fails naming the property when it is unset or not a directory. */
    public static Path home() {
        String value = configured();
        if (value == null) {
            throw new IllegalStateException(PROPERTY + " is not set: integration tests run under `make test`");
        }
        Path home = Path.of(value).toAbsolutePath();
        if (!Files.isDirectory(home.resolve("bin"))) {
            throw new IllegalStateException(PROPERTY + "=" + value + " has no bin/ directory: run `make build` first");
        }
        return home;
    }

    public static Path bin() {
        return home().resolve("bin");
    }

    /** A command of the distribution, e.g. {@code hearth} or {@code containerd-shim-hearth-v2}. */
    public static Path command(String name) {
        Path command = bin().resolve(name);
        if (!Files.isExecutable(command)) {
            throw new IllegalStateException(command + " is missing or not executable: run `make build` first");
        }
        return command;
    }
}
