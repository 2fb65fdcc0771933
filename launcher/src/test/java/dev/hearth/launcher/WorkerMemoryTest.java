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
    void noLimitTakesAPoolWorkerAndTheDefaultHeap() {
        assertTrue(memory.poolWorkerFits(-1));
        assertTrue(memory.poolWorkerFits(9223372036854771712L), "v1's unlimited value");
        assertEquals(128 * MIB, memory.heapFor(-1));
    }

    @Test
    void aLimitGivesItsHeapAndAPoolWorkerWhenThatFitsTheReserve() {
        assertEquals(104 * MIB, memory.heapFor(200 * MIB));
        assertTrue(memory.poolWorkerFits(200 * MIB), "a pool worker is held to any smaller heap");
        assertEquals(16 * MIB, memory.heapFor(64 * MIB), "never below the minimum heap");
        assertTrue(memory.poolWorkerFits(64 * MIB));
        assertEquals(4096 * MIB, memory.poolReserveBytes());
        assertTrue(memory.poolWorkerFits((4096 + 96) * MIB));
        assertFalse(memory.poolWorkerFits((4096 + 97) * MIB), "a heap above the pool's -Xmx needs its own worker");
    }

    @Test
    void aDefaultHeapAboveTheReserveRaisesIt() {
        WorkerMemory big = memory.withDefaultHeap(8192 * MIB);
        assertEquals(8192 * MIB, big.poolReserveBytes());
        assertTrue(big.poolWorkerFits(-1));
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
