package dev.hearth.launcher.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ServingRehearsalTest {

    private static List<Path> rehearsalDirs() throws IOException {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            // this JVM's only: other processes on the machine may be rehearsing right now
            String mine = ThrowawayFunction.DIRECTORY_PREFIX + ProcessHandle.current().pid() + "-";
            return tmp.filter(p -> p.getFileName().toString().startsWith(mine)).toList();
        }
    }

    private static boolean clientThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals("hearth-serving-rehearsal"));
    }

    @Test
    void servesOneRequestStopsAndLeavesNothing() throws Exception {
        List<Path> before = rehearsalDirs();
        boolean served = assertTimeoutPreemptively(Duration.ofSeconds(60), ServingRehearsal::run);
        assertTrue(served, "the rehearsal request was answered 200");
        assertEquals(before, rehearsalDirs(), "its directory is removed");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (clientThreadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20); // it ends right after asking for the stop
        }
        assertTrue(!clientThreadAlive(), "its client thread ended");
    }
}
