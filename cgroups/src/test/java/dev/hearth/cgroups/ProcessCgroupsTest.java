package dev.hearth.cgroups;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class ProcessCgroupsTest {

    @Test
    void parsesHybridLayout() {
        ProcessCgroups p = ProcessCgroups.parse("""
                9:name=systemd:/
                4:memory:/process_api/ca08
                2:cpu,cpuacct:/user.slice
                0::/unified/path
                """);
        assertEquals("/process_api/ca08", p.v1ByController().get("memory"));
        assertEquals("/user.slice", p.v1ByController().get("cpu"));
        assertEquals("/user.slice", p.v1ByController().get("cpuacct"));
        assertEquals("/", p.v1ByController().get("name=systemd"));
        assertEquals("/unified/path", p.unified());
        assertEquals("/user.slice", p.v1Path(Set.of("cpu", "cpuacct")));
        assertEquals("/", p.v1Path(Set.of("pids")), "a hierarchy the process is not listed in counts as the root");
    }

    @Test
    void pathsMayContainColons() {
        assertEquals("/a:b", ProcessCgroups.parse("0::/a:b\n").unified());
    }

    @Test
    void readsOwnFile() throws CgroupException {
        ProcessCgroups self = ProcessCgroups.self();
        assertTrue(self.unified() != null || !self.v1ByController().isEmpty());
    }
}
