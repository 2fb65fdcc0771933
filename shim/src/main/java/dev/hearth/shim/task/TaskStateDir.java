package dev.hearth.shim.task;

import dev.hearth.shim.Log;
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
    private static final Log LOG = Log.forComponent("task");
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

    /**
     * Removes the task's state: renamed out of the way at once (a Create of the same id may come
     * right after, and the sh {@code delete} looks for {@code tasks/<id>} only), then its files
     * deleted on a thread of its own, off Delete's critical path (0.5-1 ms measured). A daemon
     * that dies in between leaves a {@code .gone-*} directory, which the next one removes
     * ({@link #removeLeftovers}).
     */
    void delete() {
        if (!Files.exists(dir)) return;
        Path gone = dir.resolveSibling(GONE_PREFIX + dir.getFileName() + "-" + System.nanoTime());
        try {
            Files.move(dir, gone, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove task state " + dir, e);
        }
        Thread.ofVirtual().name("task-state-delete").start(() -> deleteTree(gone));
    }

    /** Not a container id: those start with a letter or digit. */
    static final String GONE_PREFIX = ".gone-";

    /** Removes the task states a previous daemon renamed but did not delete. */
    static void removeLeftovers(Path tasksDir) {
        if (!Files.isDirectory(tasksDir)) return;
        try (Stream<Path> entries = Files.list(tasksDir)) {
            entries.filter(p -> p.getFileName().toString().startsWith(GONE_PREFIX)).forEach(TaskStateDir::deleteTree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tasksDir, e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot remove old task state", "dir", root, "error", e.getMessage());
        }
    }
}
