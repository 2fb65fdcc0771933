package dev.hearth.shim.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code <state>/tasks/<id>/}: what the sh launcher's {@code delete} needs to clean up a task
 * without the daemon (worker pid, rootfs mount point, cgroup path), one value per file so
 * that POSIX sh can read it with {@code cat}.
 */
final class TaskStateDir {
    private final Path dir;

    private TaskStateDir(Path dir) { this.dir = dir; }

    static TaskStateDir create(Path tasksDir, String id) {
        Path dir = tasksDir.resolve(id);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create task state " + dir, e);
        }
        return new TaskStateDir(dir);
    }

    /** The directory itself, for files that are not one value (the binary logger's FIFOs). */
    Path dir() { return dir; }

    void write(String name, String value) {
        try {
            Path tmp = dir.resolve(name + ".tmp");
            Files.writeString(tmp, value);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write task state " + dir.resolve(name), e);
        }
    }

    void delete() {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove task state " + dir, e);
        }
    }
}
