package dev.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorkerMemoryTest {
    static final long MIB = WorkerMemory.MIB;
    final WorkerMemory memory = new WorkerMemory(128 * MIB, 96 * MIB, 16 * MIB);

    @Test
    void noLimitTakesAPoolWorkerAndThePoolHeap() {
        assertTrue(memory.poolWorkerFits(-1));
        assertTrue(memory.poolWorkerFits(9223372036854771712L), "v1's unlimited value");
        assertEquals(128 * MIB, memory.heapFor(-1));
    }

    @Test
    void aLimitBelowPoolHeapPlusOverheadMissesThePoolAndGetsItsOwnHeap() {
        assertFalse(memory.poolWorkerFits(200 * MIB));
        assertEquals(104 * MIB, memory.heapFor(200 * MIB));
        assertTrue(memory.poolWorkerFits(224 * MIB));
        assertEquals(16 * MIB, memory.heapFor(64 * MIB), "never below the minimum heap");
    }

    @Test
    void heapOptionReplacesAnEarlierOne() {
        WorkerCommand command = new WorkerCommand(java.nio.file.Path.of("/bin/java"), "cp", java.util.List.of("-Xmx1g", "-Xss8m"));
        assertEquals(java.util.List.of("-Xss8m", "-Xmx104m"), command.withMaxHeap(104 * MIB).jvmOptions());
    }

    @Test
    void nonsenseSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WorkerMemory(0, 96 * MIB, 16 * MIB));
    }
}
