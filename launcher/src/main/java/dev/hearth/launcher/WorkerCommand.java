package dev.hearth.launcher;

import dev.hearth.launcher.worker.WorkerMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a worker JVM is started: the java binary, the class path and JVM options.
 *
 * @param java       the java launcher
 * @param classpath  the worker's class path (launcher, GraalJS and their dependencies)
 * @param jvmOptions options before the main class
 */
public record WorkerCommand(Path java, String classpath, List<String> jvmOptions) {

    /**
     * Small and quick to boot: one GC thread, a small initial heap that grows on demand (the
     * default, 1/64 of the host's RAM, costs ~60 MB of RSS per worker in touched young-gen pages:
     * 155 MB vs 95 MB measured for an idle function), C1 only (GraalJS runs interpreted on
     * Temurin, so C2 would mostly compile the interpreter), a heap that SerialGC shrinks back after a
     * full collection (free ratios 10-30 %, so a parked worker returns what its boot used), a deep stack for the AST interpreter's recursion,
     * no hsperfdata file in /tmp, the AOT cache mapped at the address it was built for instead of
     * relocated (JDK 20+ relocates by default, which dirties every mapped page: 78 -> 61 MB PSS per
     * worker measured with 3 up, as the pages stay shared between workers; the price is that the
     * cache's metadata is not randomised by ASLR), and the JDK's warnings about GraalJS's native and Unsafe access
     * silenced (they would only fill the daemon's log).
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-Xms4m",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "-XX:TieredStopAtLevel=1",
            "-Xss8m",
            "-XX:-UsePerfData",
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:ArchiveRelocationMode=0",
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");

    /**
     * Environment every worker JVM gets unless the daemon's own environment sets the variable:
     * glibc's malloc hands blocks of 32 KiB and more straight to mmap, so they go back to the
     * kernel when freed. HotSpot's arenas (C1 compilations, the AOT training replay) allocate
     * 32 KiB chunks and free them after boot; with glibc's default the mmap threshold grows with
     * the first large free, those chunks stay in the malloc heaps as free memory, and no trim
     * ever returns it. Measured with 5 workers up: 13.9 -> 7.7 MB of other private memory per
     * parked worker, 55.5 -> 49.7 MB anonymous and 63 -> 57 MB PSS per idle serving worker; as
     * much as an explicit malloc_trim before parking gives (a trim after it finds nothing more),
     * and it keeps holding after the function served traffic (15.6 vs 8.9 MB after 1000
     * requests). 64 KiB does not catch the chunks (no gain); 16 KiB gains nothing more;
     * MALLOC_ARENA_MAX=1 or 2 gains nothing measurable.
     */
    public static final Map<String, String> DEFAULT_ENVIRONMENT = Map.of("MALLOC_MMAP_THRESHOLD_", "32768");

    public WorkerCommand {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The java and class path of this JVM (the daemon's) with the given options. */
    public static WorkerCommand ofThisJvm(List<String> jvmOptions) {
        Path java = ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        return new WorkerCommand(java, System.getProperty("java.class.path"), jvmOptions);
    }

    public static WorkerCommand defaults() {
        return ofThisJvm(DEFAULT_JVM_OPTIONS);
    }

    /** This command with {@code extra} options after the current ones (a later option wins in HotSpot). */
    public WorkerCommand withExtraOptions(List<String> extra) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(extra);
        return new WorkerCommand(java, classpath, options);
    }

    /**
     * This command with a maximum heap of {@code bytes} (rounded down to whole MiB, at least 1),
     * replacing any {@code -Xmx} given before: the heap is sized for the container, not for the
     * host (JVM ergonomics would take 1/4 of the host's RAM).
     */
    public WorkerCommand withMaxHeap(long bytes) {
        List<String> options = new ArrayList<>(jvmOptions.stream()
                .filter(o -> !o.startsWith("-Xmx") && !o.startsWith("-XX:MaxHeapSize=")).toList());
        options.add("-Xmx" + Math.max(1, bytes >> 20) + "m");
        return new WorkerCommand(java, classpath, options);
    }

    /** The command line of a worker that is to connect to {@code controlSocket}. */
    public List<String> commandLine(Path controlSocket) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(WorkerMain.class.getName());
        command.add(controlSocket.toString());
        return command;
    }
}
