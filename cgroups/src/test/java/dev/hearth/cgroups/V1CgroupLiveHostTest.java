package dev.hearth.cgroups;

import dev.hearth.oci.runtime.LinuxResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * OOM notification, stats, live update and pause/resume against this machine's real v1 hierarchies (root
 * only; skipped on v2 hosts). Every test kills what it started and removes its cgroup.
 */
class V1CgroupLiveHostTest {
    private static final long MIB = 1 << 20;

    private final List<Process> processes = new ArrayList<>();
    private V1CgroupManager manager;
    private String path;
    private V1Cgroup cgroup;

    @BeforeEach
    void requireV1Root() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(!Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")), "host is cgroup v2");
        manager = V1CgroupManager.fromMountTable();
        assumeTrue(manager.hierarchies().stream().anyMatch(h -> h.has("memory")), "no v1 memory hierarchy");
        path = "/hearth-test/" + UUID.randomUUID();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        if (cgroup == null) return;
        cgroup.killAll(9); // children of the shells too
        cgroup.delete();
        for (Path d : cgroup.dirs().values()) {
            Path parent = d.getParent();
            if (parent.getFileName().toString().equals("hearth-test")) {
                try { CgroupDirs.rmdir(path, parent); } catch (CgroupException busy) { /* another run's */ }
            }
        }
    }

    private V1Cgroup create(Long limit, Long swap) throws CgroupException {
        boolean memsw = Files.exists(Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"));
        cgroup = (V1Cgroup) manager.create(path, new LinuxResources(
                new LinuxResources.Memory(limit, null, memsw ? swap : null, null, null, null, null),
                new LinuxResources.Cpu(null, 20_000L, 100_000L, null, null, null, null), new LinuxResources.Pids(64), null));
        return cgroup;
    }

    /** A shell that waits for a line on stdin, then execs {@code command}: it joins the cgroup first. */
    private Process waiting(String command) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", "read go; exec " + command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        return p;
    }

    private static void go(Process p) throws IOException {
        OutputStream in = p.getOutputStream();
        in.write('\n');
        in.flush();
    }

    private static long openFds() throws IOException {
        return WatchFds.count();
    }

    private static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file)).strip();
    }

    @Test
    void allocatingPastTheLimitFiresTheOomCallbackAndKillsTheProcess() throws Exception {
        V1Cgroup cg = create(32 * MIB, 32 * MIB);
        assertFalse(cg.oomKilled());
        long fdsBefore = openFds();
        CountDownLatch fired = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        try (OomWatcher w = cg.watchOom(() -> { calls.incrementAndGet(); fired.countDown(); })) {
            // tail keeps the last lines of its input; /dev/zero has no newline, so it buffers all.
            Process p = waiting("tail /dev/zero");
            cg.addProcess(p.pid());
            go(p);
            assertTrue(fired.await(30, TimeUnit.SECONDS), "OOM callback fired");
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the allocator was killed");
            assertEquals(128 + 9, p.exitValue(), "killed by SIGKILL");
            assertTrue(cg.oomKilled());
            Map<String, Long> events = cg.stats().memory().events();
            assertTrue(events.getOrDefault("oom_kill", 1L) >= 1, events.toString());
        }
        assertTrue(calls.get() >= 1);
        assertEquals(fdsBefore, openFds(), "close released the eventfd (and oom_control was closed at once)");
    }

    @Test
    void removingTheCgroupEndsTheWatchWithoutACallback() throws Exception {
        V1Cgroup cg = create(32 * MIB, null);
        long fdsBefore = openFds();
        AtomicInteger calls = new AtomicInteger();
        OomWatcher w = cg.watchOom(calls::incrementAndGet);
        cg.delete();
        BlockingOomWatcher watcher = (BlockingOomWatcher) w;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (watcher.threadAlive() && System.nanoTime() < deadline) Thread.sleep(10);
        assertFalse(watcher.threadAlive(), "the kernel's removal signal ended the watch");
        assertEquals(fdsBefore, openFds(), "and the thread released the eventfd");
        w.close();
        assertEquals(0, calls.get(), "cgroup removal is not an OOM");
        assertEquals(fdsBefore, openFds());
    }

    @Test
    void statsAgreeWithTheCgroupFiles() throws Exception {
        V1Cgroup cg = create(64 * MIB, 64 * MIB);
        Process p = waiting("sh -c 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 600'");
        cg.addProcess(p.pid());
        go(p);
        Path mem = cg.dir("memory"), cpuacct = cg.dir("cpuacct"), cpu = cg.dir("cpu"), pids = cg.dir("pids");
        // wait until the loop is over (the shell sleeps) so cpu figures hold still
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (cg.pids().size() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(2, cg.pids().size(), "shell + sleep");

        CgroupStats s = cg.stats();
        assertEquals(1, s.version());
        assertEquals(64 * MIB, s.memory().memory().limit());
        assertEquals(Long.parseLong(read(mem, "memory.limit_in_bytes")), s.memory().memory().limit());
        assertEquals(Long.parseLong(read(mem, "memory.max_usage_in_bytes")), s.memory().memory().peak(), 4 * MIB);
        assertTrue(s.memory().memory().usage() > 0);
        assertEquals(Long.parseLong(read(mem, "memory.usage_in_bytes")), s.memory().memory().usage(), 4 * MIB);
        if (s.memory().swap() != null) assertEquals(64 * MIB, s.memory().swap().limit());
        assertEquals(firstValue(read(mem, "memory.stat"), "total_rss"), s.memory().stat("total_rss"), 4 * MIB);
        assertTrue(s.memory().events().containsKey("under_oom"), s.memory().events().toString());

        assertEquals(Long.parseLong(read(cpuacct, "cpuacct.usage")), s.cpu().usageNanos());
        assertTrue(s.cpu().usageNanos() > 0, "the loop used cpu");
        assertTrue(s.cpu().userNanos() + s.cpu().systemNanos() > 0);
        assertTrue(s.cpu().userNanos() + s.cpu().systemNanos() <= s.cpu().usageNanos() * 11 / 10 + 20_000_000,
                "user + system about total");
        assertEquals(read(cpuacct, "cpuacct.usage_percpu").split("\\s+").length, s.cpu().perCpuNanos().size());
        assertEquals(firstValue(read(cpu, "cpu.stat"), "nr_periods"), s.cpu().periods());
        assertTrue(s.cpu().periods() > 0, "a 0.2 cpu quota counts periods");

        assertEquals(2, s.pids().current());
        assertEquals(Long.parseLong(read(pids, "pids.current")), s.pids().current());
        assertEquals(64, s.pids().limit());
    }

    @Test
    void updateRaisesBothMemoryLimitsInTheOrderTheKernelNeedsThenLowersThem() throws Exception {
        V1Cgroup cg = create(32 * MIB, 32 * MIB);
        Path mem = cg.dir("memory");
        boolean memsw = Files.exists(mem.resolve("memory.memsw.limit_in_bytes"));

        cg.update(new LinuxResources(new LinuxResources.Memory(128 * MIB, null, 128 * MIB, null, null, null, null),
                new LinuxResources.Cpu(null, 50_000L, null, null, null, null, null), new LinuxResources.Pids(10), null));
        assertEquals(Long.toString(128 * MIB), read(mem, "memory.limit_in_bytes"));
        if (memsw) assertEquals(Long.toString(128 * MIB), read(mem, "memory.memsw.limit_in_bytes"));
        assertEquals("50000", read(cg.dir("cpu"), "cpu.cfs_quota_us"));
        assertEquals("10", read(cg.dir("pids"), "pids.max"));

        cg.update(new LinuxResources(new LinuxResources.Memory(16 * MIB, null, 16 * MIB, null, null, null, null), null, null, null));
        assertEquals(Long.toString(16 * MIB), read(mem, "memory.limit_in_bytes"));
        if (memsw) assertEquals(Long.toString(16 * MIB), read(mem, "memory.memsw.limit_in_bytes"));

        if (memsw) {
            CgroupException e = assertThrows(CgroupException.class, () -> cg.update(new LinuxResources(
                    new LinuxResources.Memory(64 * MIB, null, null, null, null, null, null), null, null, null)));
            assertTrue(e.getMessage().contains("memory.memsw.limit_in_bytes is " + 16 * MIB), e.getMessage());
            assertEquals(Long.toString(16 * MIB), read(mem, "memory.limit_in_bytes"), "unchanged");
        }
    }

    @Test
    void updateLetsALaterAllocationSucceed() throws Exception {
        V1Cgroup cg = create(16 * MIB, 16 * MIB);
        cg.update(new LinuxResources(new LinuxResources.Memory(256 * MIB, null, 256 * MIB, null, null, null, null), null, null, null));
        // head -c 64M of /dev/zero through a 64 MiB pipe buffer would not show it; tail must hold 48 MiB
        Process p = waiting("sh -c 'head -c 50331648 /dev/zero | tail -c 50331648 > /dev/null'");
        cg.addProcess(p.pid());
        go(p);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "48 MiB fit under the raised limit");
        assertFalse(cg.oomKilled());
    }

    @Test
    void freezeStopsAllProgressAndThawResumesIt() throws Exception {
        V1Cgroup cg = create(64 * MIB, null);
        Path cpuacct = cg.dir("cpuacct");
        Process p = waiting("sh -c 'while :; do :; done'");
        cg.addProcess(p.pid());
        go(p);
        Thread.sleep(300);
        long running = Long.parseLong(read(cpuacct, "cpuacct.usage"));
        assertTrue(running > 0, "the loop runs");

        cg.freeze();
        assertTrue(cg.frozen());
        assertEquals("FROZEN", read(cg.dir("freezer"), "freezer.state"));
        long atFreeze = Long.parseLong(read(cpuacct, "cpuacct.usage"));
        Thread.sleep(500);
        assertEquals(atFreeze, Long.parseLong(read(cpuacct, "cpuacct.usage")), "no cpu used while frozen");
        assertTrue(p.isAlive());

        cg.thaw();
        assertFalse(cg.frozen());
        Thread.sleep(500);
        assertTrue(Long.parseLong(read(cpuacct, "cpuacct.usage")) > atFreeze, "runs again after thaw");
    }

    private static long firstValue(String flatKeyed, String key) {
        for (String line : flatKeyed.split("\n")) {
            String[] kv = line.strip().split("\\s+");
            if (kv[0].equals(key)) return Long.parseLong(kv[1]);
        }
        throw new AssertionError(key + " not in " + flatKeyed);
    }
}
