package dev.hearth.launcher.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.cgroups.ProcessCgroups;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutOfMemoryReportTest {

    @Test
    void namesTheHeapAndTheContainerLimit() {
        assertEquals("hearth: the function ran out of memory: heap limit 96 MiB (container memory limit 192 MiB)",
                OutOfMemoryReport.describe(96L << 20, 192L << 20));
        assertEquals("hearth: the function ran out of memory: heap limit 127.5 MiB (no container memory limit)",
                OutOfMemoryReport.describe((255L << 20) / 2, -1));
    }

    @Test
    void theHeapLimitIsTheConfiguredMaximumNotTheUsableOne() {
        // maxMemory() leaves out a survivor space; -Xmx is what the daemon chose and what the user should see
        long heap = OutOfMemoryReport.heapLimit();
        assertTrue(heap >= Runtime.getRuntime().maxMemory(), heap + " < " + Runtime.getRuntime().maxMemory());
    }

    @Test
    void readsTheV1LimitOfTheMemoryHierarchy(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("memory/default/fn"));
        Files.writeString(dir.resolve("memory.limit_in_bytes"), "201326592\n");
        ProcessCgroups cgroups = ProcessCgroups.parse("5:memory:/default/fn\n3:cpu,cpuacct:/default/fn\n0::/\n");
        assertEquals(201326592L, OutOfMemoryReport.containerLimit(root, cgroups));
        Files.writeString(dir.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        assertEquals(-1, OutOfMemoryReport.containerLimit(root, cgroups), "v1 unlimited");
    }

    @Test
    void readsTheV2MemoryMax(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("default/fn"));
        ProcessCgroups cgroups = ProcessCgroups.parse("0::/default/fn\n");
        Files.writeString(dir.resolve("memory.max"), "max\n");
        assertEquals(-1, OutOfMemoryReport.containerLimit(root, cgroups));
        Files.writeString(dir.resolve("memory.max"), "134217728\n");
        assertEquals(134217728L, OutOfMemoryReport.containerLimit(root, cgroups));
    }

    @Test
    void aMissingFileIsNoLimit(@TempDir Path root) {
        assertEquals(-1, OutOfMemoryReport.containerLimit(root, ProcessCgroups.parse("4:memory:/gone\n")));
    }
}
