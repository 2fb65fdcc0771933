package dev.hearth.launcher.aot;

import dev.hearth.launcher.WorkerCommand;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The worker runtime snapshot: a JDK AOT cache (JEP 483/514/515: classes loaded and linked,
 * heap objects and method profiles of a training run) that makes a worker JVM boot and warm its
 * JS engine several times faster. It lives next to the jars, {@code lib/hearth-worker.aot}, with
 * its {@link AotStamp} in {@code lib/hearth-worker.aot.stamp}; {@link AotCacheBuilder} makes both.
 *
 * <p>{@link #check} decides once, when the daemon starts, whether workers use it; a missing or
 * stale cache is never an error (workers boot without it, slower), only one log line.
 */
public final class AotCache {

    public static final String CACHE_FILE = "hearth-worker.aot";
    public static final String STAMP_FILE = CACHE_FILE + ".stamp";

    /** The outcome: the cache to use, or why there is none (then {@code file} may be null). */
    public record Verdict(Path file, String problem) {
        public boolean usable() {
            return problem == null;
        }

        /** {@code command} with this cache, or {@code command} unchanged when it is not usable. */
        public WorkerCommand apply(WorkerCommand command) {
            return usable() ? command.withExtraOptions(List.of("-XX:AOTCache=" + file)) : command;
        }
    }

    private AotCache() { }

    /** The directory of the jar this class came from (lib/ of a distribution), or null when not run from a jar. */
    public static Path libDir() {
        try {
            var source = AotCache.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) ? location.getParent() : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** {@link #check(Path, WorkerCommand)} for the cache of this installation. */
    public static Verdict check(WorkerCommand command) {
        Path lib = libDir();
        if (lib == null) {
            return new Verdict(null, "hearth runs from class directories, not an installed lib/ of jars");
        }
        return check(lib.resolve(CACHE_FILE), command);
    }

    /** Whether workers started with {@code command} can use the cache {@code cacheFile}, and if not why. */
    public static Verdict check(Path cacheFile, WorkerCommand command) {
        if (!Files.isRegularFile(cacheFile)) {
            return new Verdict(cacheFile, "there is no worker AOT cache at " + cacheFile);
        }
        Path stampFile = cacheFile.resolveSibling(cacheFile.getFileName() + ".stamp");
        AotStamp trained;
        try {
            trained = AotStamp.read(stampFile);
        } catch (IOException e) {
            return new Verdict(cacheFile, "the worker AOT cache " + cacheFile + " has no usable stamp (" + e.getMessage() + ")");
        }
        String why = AotStamp.current(command).whyNotServedBy(trained);
        return why == null ? new Verdict(cacheFile, null)
                : new Verdict(cacheFile, "the worker AOT cache " + cacheFile + " is stale: " + why);
    }
}
