package dev.hearth.launcher;

import dev.hearth.launcher.worker.WorkerMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
