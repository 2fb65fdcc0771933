package dev.hearth.shim.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskStateDirTest {

    @TempDir
    Path tasks;

    @Test
    void deleteFreesTheIdAtOnceAndRemovesTheFilesSoonAfter() throws Exception {
        TaskStateDir state = TaskStateDir.create(tasks, "c1");
        state.write("pid", "42");
        state.write("cgroup", "/default/c1");
        state.delete();
        assertFalse(Files.exists(tasks.resolve("c1")), "the id's directory is gone when delete returns");
        TaskStateDir again = TaskStateDir.create(tasks, "c1"); // a Create of the same id right after
        again.write("pid", "43");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!entries().equals(List.of("c1")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of("c1"), entries());
        assertEquals("43", Files.readString(tasks.resolve("c1/pid")));
    }

    @Test
    void leftoversOfADaemonThatDiedMidDeleteAreRemovedAndLiveTasksKept() throws Exception {
        Files.createDirectories(tasks.resolve(TaskStateDir.GONE_PREFIX + "c2-123"));
        Files.writeString(tasks.resolve(TaskStateDir.GONE_PREFIX + "c2-123/pid"), "7");
        TaskStateDir.create(tasks, "c3").write("pid", "8");
        TaskStateDir.removeLeftovers(tasks);
        assertEquals(List.of("c3"), entries());
        assertTrue(Files.exists(tasks.resolve("c3/pid")));
    }

    private List<String> entries() throws Exception {
        try (Stream<Path> list = Files.list(tasks)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
