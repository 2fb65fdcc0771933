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
     * Temurin, so C2 would mostly compile the interpreter), a deep stack for the AST interpreter's recursion,
     * no hsperfdata file in /tmp, and the JDK's warnings about GraalJS's native and Unsafe access
     * silenced (they would only fill the daemon's log).
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-Xms4m",
            "-XX:TieredStopAtLevel=1",
            "-Xss8m",
            "-XX:-UsePerfData",
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
