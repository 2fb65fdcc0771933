package dev.hearth.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether GraalJS compiles hot JavaScript ({@code HEARTH_JIT=graal}) or only interprets it
 * ({@code HEARTH_JIT=off}, the default). Temurin has no Graal compiler: with {@code graal} the
 * JVM loads it from {@code lib/jit/} as a JVMCI compiler on the upgrade module path, and Truffle's
 * optimizing runtime (on the class path, idle otherwise) compiles hot functions with it.
 *
 * <p>Measured on a 2-core machine (bench/http/run.sh): compiled serves a hello handler ~6x and a
 * CPU-bound one ~200x faster once warm (after ~30 s of load), for ~+180 MB of RSS per JVM; the
 * JDK refuses an AOT cache with an upgrade module path, so such a JVM also boots without it.
 */
public enum JitMode {
    OFF, GRAAL;

    public static final String ENV = "HEARTH_JIT";
    /** Where the compiler modules live, next to the launcher jar. */
    public static final String JIT_DIR = "jit";

    /**
     * The mode a value of {@value #ENV} asks for: {@code graal}, or {@code off} (also when unset).
     *
     * @throws IllegalArgumentException naming the variable for anything else
     */
    public static JitMode parse(String value) {
        if (value == null || value.isBlank()) {
            return OFF;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "off", "interpreter", "none" -> OFF;
            case "graal", "on" -> GRAAL;
            default -> throw new IllegalArgumentException(ENV + "=" + value + " is not one of graal, off");
        };
    }

    /**
     * The JVM options of this mode: none for {@code off}; for {@code graal} JVMCI with every jar
     * of {@code jitDir} on the upgrade module path.
     *
     * @throws IllegalStateException when the compiler jars are not in {@code jitDir}
     */
    public List<String> jvmOptions(Path jitDir) {
        if (this == OFF) {
            return List.of();
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(jitDir)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(ENV + "=graal needs the Graal compiler jars in " + jitDir + ": " + e.getMessage(), e);
        }
        if (jars.stream().noneMatch(j -> j.getFileName().toString().startsWith("compiler-"))) {
            throw new IllegalStateException(ENV + "=graal needs the Graal compiler jars in " + jitDir + " (no compiler-*.jar there)");
        }
        return List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
                "--upgrade-module-path=" + jars.stream().map(Path::toString).collect(Collectors.joining(":")));
    }

    /** {@code lib/jit} of this installation: beside the jar (or classes directory) holding this class. */
    public static Path jitDirOfThisInstall() {
        try {
            Path location = Path.of(JitMode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent().resolve(JIT_DIR);
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException("cannot locate the launcher's jar", e));
        }
    }
}
