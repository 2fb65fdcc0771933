package dev.hearth.launcher.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RehearsalTest {

    @Test
    void thePoolWorkersRehearsalRunsToItsEnd() {
        // A failing rehearsal is only logged by a worker: its warm-up would silently be lost.
        assertTrue(WorkerMain.rehearse());
    }
}
