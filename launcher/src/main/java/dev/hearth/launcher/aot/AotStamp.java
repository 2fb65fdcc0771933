package dev.hearth.launcher.aot;

import dev.hearth.launcher.WorkerCommand;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a worker AOT cache was trained for: the JDK, the worker's JVM options, its class path and
 * each class path entry's size and modification time. The JVM refuses a cache whose JDK or jars
 * changed by itself (and silently starts slower); comparing stamps lets the daemon say so once,
 * with the reason, and skip the cache.
 *
 * <p>Stored next to the cache as lines of {@code key=value}: {@code jdk}, {@code options} (one
 * line per option, in order), {@code classpath}, and {@code jar=<size> <mtime-ms> <path>} per entry.
 *
 * @param jdk       java.home and java.vm.version of the JDK that runs the workers
 * @param options   the worker's JVM options that the cache depends on (heap sizes excluded)
 * @param classpath the worker's class path, as given to the JVM
 * @param entries   size and modification time of every class path entry
 */
public record AotStamp(String jdk, List<String> options, String classpath, List<Entry> entries) {

    /** One class path entry as it was: size -1 when it does not exist or is a directory. */
    public record Entry(String path, long size, long modifiedMillis) {
        static Entry of(String path) {
            Path p = Path.of(path);
            try {
                if (!Files.isRegularFile(p)) {
                    return new Entry(path, -1, -1);
                }
                return new Entry(path, Files.size(p), Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                return new Entry(path, -1, -1);
            }
        }
    }

    public AotStamp {
        options = List.copyOf(options);
        entries = List.copyOf(entries);
    }

    /** The stamp the cache would need to have for workers started with {@code command} now. */
    public static AotStamp current(WorkerCommand command) {
        List<Entry> entries = Arrays.stream(command.classpath().split(File.pathSeparator))
                .filter(s -> !s.isEmpty()).map(Entry::of).toList();
        return new AotStamp(thisJdk(), cacheRelevant(command.jvmOptions()), command.classpath(), entries);
    }

    static String thisJdk() {
        return System.getProperty("java.home") + " " + System.getProperty("java.vm.version");
    }

    /** Options minus heap sizes (they differ per worker and do not matter to the cache) and AOT flags. */
    static List<String> cacheRelevant(List<String> options) {
        return options.stream().filter(o -> !o.startsWith("-Xmx") && !o.startsWith("-XX:MaxHeapSize=")
                && !o.startsWith("-XX:AOT")).toList();
    }

    /**
     * Why a cache trained for {@code trained} cannot serve workers that need this stamp, or null
     * when it can. The first difference found is named.
     */
    public String whyNotServedBy(AotStamp trained) {
        if (!jdk.equals(trained.jdk)) {
            return "it was built for JDK " + trained.jdk + ", workers run " + jdk;
        }
        if (!options.equals(trained.options)) {
            return "the worker JVM options changed: built with " + String.join(" ", trained.options)
                    + ", workers now use " + String.join(" ", options);
        }
        if (!classpath.equals(trained.classpath)) {
            return "the worker class path changed (hearth was reinstalled, moved, or jars were added or removed)";
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry now = entries.get(i);
            Entry then = trained.entries.size() > i ? trained.entries.get(i) : null;
            if (then == null || now.size != then.size || now.modifiedMillis != then.modifiedMillis) {
                return now.size < 0 ? now.path + " is missing" : now.path + " changed since the cache was built";
            }
        }
        return null;
    }

    public void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("jdk=" + jdk);
        options.forEach(o -> lines.add("option=" + o));
        lines.add("classpath=" + classpath);
        entries.forEach(e -> lines.add("jar=" + e.size + " " + e.modifiedMillis + " " + e.path));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Reads a stamp; an unreadable or malformed file is an IOException naming the line. */
    public static AotStamp read(Path file) throws IOException {
        String jdk = null;
        String classpath = null;
        List<String> options = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            int eq = line.indexOf('=');
            if (line.isBlank()) {
                continue;
            }
            if (eq < 0) {
                throw new IOException(file + ":" + number + ": expected key=value, got \"" + line + "\"");
            }
            String value = line.substring(eq + 1);
            switch (line.substring(0, eq)) {
                case "jdk" -> jdk = value;
                case "option" -> options.add(value);
                case "classpath" -> classpath = value;
                case "jar" -> {
                    String[] parts = value.split(" ", 3);
                    try {
                        entries.add(new Entry(parts[2], Long.parseLong(parts[0]), Long.parseLong(parts[1])));
                    } catch (RuntimeException e) {
                        throw new IOException(file + ":" + number + ": expected jar=<size> <mtime> <path>, got \"" + line + "\"");
                    }
                }
                default -> throw new IOException(file + ":" + number + ": unknown key \"" + line.substring(0, eq) + "\"");
            }
        }
        if (jdk == null || classpath == null) {
            throw new IOException(file + ": " + (jdk == null ? "jdk" : "classpath") + " is missing");
        }
        return new AotStamp(jdk, options, classpath, entries);
    }
}
