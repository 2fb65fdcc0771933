package dev.hearth.shim.metrics;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.cgroups.V1CgroupManager;
import dev.hearth.cgroups.V1Hierarchy;
import dev.hearth.oci.runtime.LinuxResources;
import dev.hearth.shim.proto.cgroups.v1.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * From a real v1 cgroup to the bytes containerd decodes: the figures in the Metrics message are
 * the ones in the cgroup's files (root only; skipped on v2 hosts).
 */
class MetricsHostCgroupTest {
    private V1CgroupManager manager;
    private Cgroup cgroup;
    private Process process;
    private String path;

    @BeforeEach
    void requireV1Root() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(!Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")), "host is cgroup v2");
        manager = V1CgroupManager.fromMountTable();
        assumeTrue(manager.hierarchies().stream().anyMatch(h -> h.has("memory") && h.mountRoot().equals("/")));
        path = "/hearth-metrics-test-" + UUID.randomUUID();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        if (cgroup != null) {
            cgroup.killAll(9);
            cgroup.delete();
        }
    }

    private Path dir(String controller) {
        V1Hierarchy h = manager.hierarchies().stream().filter(x -> x.has(controller)).findFirst().orElseThrow();
        return h.mountPoint().resolve(path.substring(1));
    }

    private static long read(Path dir, String file) throws Exception {
        String s = Files.readString(dir.resolve(file)).strip();
        return s.equals("max") ? 0 : Long.parseLong(s);
    }

    @Test
    void metricsOfALiveCgroupMatchItsFiles() throws Exception {
        cgroup = manager.create(path, new LinuxResources(
                new LinuxResources.Memory(48L << 20, null, null, null, null, null, null), null, new LinuxResources.Pids(20), null));
        // joins the cgroup before exec, so what sleep maps is charged to it (v1 does not move charges)
        process = new ProcessBuilder("sh", "-c", "read go; exec sleep 600").start();
        cgroup.addProcess(process.pid());
        process.getOutputStream().write('\n');
        process.getOutputStream().flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.readString(Path.of("/proc/" + process.pid() + "/cmdline")).startsWith("sleep")
                && System.nanoTime() < deadline) Thread.sleep(10);

        var any = MetricsConverter.toAny(cgroup.stats());
        assertEquals("io.containerd.cgroups.v1.Metrics", any.getTypeUrl());
        Metrics m = Metrics.parseFrom(any.getValue());

        Path mem = dir("memory");
        assertEquals(48L << 20, m.getMemory().getUsage().getLimit());
        assertEquals(read(mem, "memory.limit_in_bytes"), m.getMemory().getUsage().getLimit());
        assertTrue(m.getMemory().getUsage().getUsage() > 0);
        assertTrue(m.getMemory().getUsage().getUsage() <= read(mem, "memory.max_usage_in_bytes"));
        assertEquals(read(mem, "memory.failcnt"), m.getMemory().getUsage().getFailcnt());
        assertEquals(1, m.getPids().getCurrent());
        assertEquals(read(dir("pids"), "pids.current"), m.getPids().getCurrent());
        assertEquals(20, m.getPids().getLimit());
        if (manager.hierarchies().stream().anyMatch(h -> h.has("cpuacct"))) {
            long usage = m.getCpu().getUsage().getTotal();
            assertTrue(usage > 0 && usage <= read(dir("cpuacct"), "cpuacct.usage"), "sleep ran a little, and counters only grow");
            assertTrue(Runtime.getRuntime().availableProcessors() <= m.getCpu().getUsage().getPerCpuCount(),
                    "one per possible cpu");
        }
        assertEquals(0, m.getMemoryOomControl().getOomKill());
    }
}
