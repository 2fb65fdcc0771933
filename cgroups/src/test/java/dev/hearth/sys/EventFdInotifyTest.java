package dev.hearth.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class EventFdInotifyTest {
    @TempDir
    Path dir;

    @Test
    void eventFdCountsSignalsAndWakesABlockedReader() throws Exception {
        try (EventFd efd = EventFd.create()) {
            assertTrue(efd.fd() >= 0);
            efd.signal();
            efd.signal();
            assertEquals(2, efd.await(), "the counter adds up and read resets it");
            CompletableFuture<Long> reader = CompletableFuture.supplyAsync(efd::await);
            Thread.sleep(100);
            assertFalse(reader.isDone(), "blocks while the counter is 0");
            efd.signal();
            assertEquals(1, reader.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void inotifyReportsModifyAndIgnoredAfterRemoveWatch() throws Exception {
        Path f = Files.writeString(dir.resolve("memory.events"), "oom_kill 0\n");
        try (Inotify in = Inotify.create()) {
            int wd = in.addWatch(f, Inotify.IN_MODIFY);
            Files.writeString(f, "oom_kill 1\n");
            List<Inotify.Event> events = in.await();
            assertTrue(events.stream().anyMatch(e -> e.wd() == wd && e.is(Inotify.IN_MODIFY)), events.toString());
            assertTrue(in.removeWatch(wd));
            assertTrue(in.await().stream().anyMatch(e -> e.is(Inotify.IN_IGNORED)));
            assertFalse(in.removeWatch(wd), "already gone");
        }
    }

    @Test
    void inotifyErrorsNameThePath() {
        try (Inotify in = Inotify.create()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> in.addWatch(dir.resolve("nope"), Inotify.IN_MODIFY));
            assertTrue(e.getMessage().startsWith("inotify_add_watch " + dir.resolve("nope") + ": "), e.getMessage());
        }
    }

    @Test
    void parsesPackedEventsWithNulPaddedNames() {
        ByteBuffer b = ByteBuffer.allocate(16 + 16 + 16).order(ByteOrder.nativeOrder());
        b.putInt(1).putInt(Inotify.IN_MODIFY).putInt(0).putInt(0);
        b.putInt(2).putInt(Inotify.IN_MODIFY).putInt(0).putInt(16).put("memory.events\0\0\0".getBytes());
        List<Inotify.Event> events = Inotify.parse(b.array(), b.position());
        assertEquals(List.of(new Inotify.Event(1, Inotify.IN_MODIFY, ""), new Inotify.Event(2, Inotify.IN_MODIFY, "memory.events")), events);
    }
}
