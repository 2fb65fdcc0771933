package dev.hearth.cgroups;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.hearth.cgroups.FakeCgroupFs.dir;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The v2 watcher with real inotify on a temp memory.events (inotify reports writes to a regular
 * file as the kernel reports counter changes in cgroupfs). This host's cgroup2 mount has no
 * memory controller, so a real v2 OOM cannot be produced here.
 */
class V2OomWatcherFileTest {
    private static final String QUIET = "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n";

    @TempDir
    Path root;

    private static long openFds() throws IOException {
        return WatchFds.count();
    }

    @Test
    void firesWhenOomKillRisesNotForOtherCounters() throws Exception {
        Path d = dir(root, "fn1", "memory.events=" + QUIET);
        Cgroup cg = new V2CgroupManager(root).open("/fn1");
        assertFalse(cg.oomKilled());
        long fdsBefore = openFds();
        BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        try (OomWatcher w = cg.watchOom(() -> calls.add("oom"))) {
            Files.writeString(d.resolve("memory.events"), "low 0\nhigh 0\nmax 5\noom 0\noom_kill 0\n");
            assertNull(calls.poll(300, TimeUnit.MILLISECONDS), "memory.max hits are no OOM kill");
            Files.writeString(d.resolve("memory.events"), "low 0\nhigh 0\nmax 6\noom 1\noom_kill 1\n");
            assertEquals("oom", calls.poll(5, TimeUnit.SECONDS));
            Files.writeString(d.resolve("memory.events"), "low 0\nhigh 0\nmax 7\noom 2\noom_kill 2\n");
            assertEquals("oom", calls.poll(5, TimeUnit.SECONDS), "every further kill");
            assertTrue(cg.oomKilled());
        }
        assertNull(calls.poll(100, TimeUnit.MILLISECONDS));
        assertEquals(fdsBefore, openFds(), "close released the inotify fd");
    }

    @Test
    void killsBeforeTheWatchStartedDoNotFire() throws Exception {
        Path d = dir(root, "fn1", "memory.events=low 0\nhigh 0\nmax 0\noom 3\noom_kill 3\n");
        BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        try (OomWatcher w = new V2CgroupManager(root).open("/fn1").watchOom(() -> calls.add("oom"))) {
            Files.writeString(d.resolve("memory.events"), "low 1\nhigh 0\nmax 0\noom 3\noom_kill 3\n");
            assertNull(calls.poll(300, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void theWatchEndsWhenTheFileGoesAwayAndCloseFromTheCallbackWorks() throws Exception {
        Path d = dir(root, "fn1", "memory.events=" + QUIET);
        long fdsBefore = openFds();
        BlockingQueue<OomWatcher> holder = new LinkedBlockingQueue<>();
        BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        OomWatcher w = new V2CgroupManager(root).open("/fn1").watchOom(() -> {
            calls.add("oom");
            holder.peek().close(); // a caller may stop watching from the callback
        });
        holder.add(w);
        Files.writeString(d.resolve("memory.events"), "low 0\nhigh 0\nmax 0\noom 1\noom_kill 1\n");
        assertEquals("oom", calls.poll(5, TimeUnit.SECONDS));
        w.close(); // joins the thread, which released the fd
        assertEquals(fdsBefore, openFds());

        OomWatcher second = new V2CgroupManager(root).open("/fn1").watchOom(() -> calls.add("late"));
        Files.delete(d.resolve("memory.events")); // as when the cgroup is removed
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (((BlockingOomWatcher) second).threadAlive() && System.nanoTime() < deadline) Thread.sleep(10);
        assertFalse(((BlockingOomWatcher) second).threadAlive(), "IN_IGNORED ended the watch by itself");
        second.close();
        assertNull(calls.poll(100, TimeUnit.MILLISECONDS));
        assertEquals(fdsBefore, openFds());
    }

    @Test
    void noMemoryEventsIsAClearError() throws Exception {
        dir(root, "fn1", "cgroup.procs");
        Cgroup cg = new V2CgroupManager(root).open("/fn1");
        CgroupException e = assertThrows(CgroupException.class, () -> cg.watchOom(() -> {}));
        assertTrue(e.getMessage().startsWith("cgroup /fn1: OOM watch: no memory.events in "), e.getMessage());
        assertThrows(CgroupException.class, cg::oomKilled);
    }
}
