package dev.hearth.cgroups;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class StatFilesTest {
    @Test
    void singleValuesWithMaxAndUnsignedRange() throws CgroupException {
        assertEquals(4096, StatFiles.value("/c", "memory.current", "4096\n"));
        assertEquals(CgroupStats.MAX, StatFiles.value("/c", "memory.max", "max\n"));
        assertEquals(-1, StatFiles.value("/c", "cpu.cfs_quota_us", "-1"));
        assertEquals(Long.parseUnsignedLong("18446744073709551615"),
                StatFiles.value("/c", "x", "18446744073709551615"), "uint64 keeps its bits");
    }

    @Test
    void flatKeyedKeepsOrderAndAcceptsMax() throws CgroupException {
        Map<String, Long> m = StatFiles.flatKeyed("/c", "memory.events", "low 0\nhigh 3\nmax 12\noom 1\noom_kill 1\n");
        assertEquals(List.of("low", "high", "max", "oom", "oom_kill"), List.copyOf(m.keySet()));
        assertEquals(12, m.get("max"));
        assertEquals(CgroupStats.MAX, StatFiles.flatKeyed("/c", "f", "a max").get("a"));
    }

    @Test
    void listOfPerCpuValues() throws CgroupException {
        assertEquals(List.of(10L, 20L, 0L), StatFiles.list("/c", "cpuacct.usage_percpu", "10 20 0 \n"));
        assertEquals(List.of(), StatFiles.list("/c", "cpuacct.usage_percpu", "\n"));
    }

    @Test
    void malformedTextNamesCgroupFileAndText() {
        CgroupException e = assertThrows(CgroupException.class, () -> StatFiles.value("/c", "pids.current", "many"));
        assertEquals("cgroup /c: pids.current: not a number: many", e.getMessage());
        e = assertThrows(CgroupException.class, () -> StatFiles.flatKeyed("/c", "cpu.stat", "usage_usec 1 2"));
        assertEquals("cgroup /c: cpu.stat: not a \"key value\" line: usage_usec 1 2", e.getMessage());
    }
}
