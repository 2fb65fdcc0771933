package dev.hearth.sys;

import com.sun.jna.LastErrorException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An inotify(7) instance. cgroup v2 reports changes of {@code memory.events} (and
 * {@code cgroup.events}) as IN_MODIFY on the file. Removing a watch, or the watched file
 * disappearing with its cgroup, queues an {@link #IN_IGNORED} event, which is also how a reader
 * blocked in {@link #await} is woken to stop.
 */
public final class Inotify implements AutoCloseable {
    public static final int IN_MODIFY = 0x2;
    public static final int IN_DELETE_SELF = 0x400;
    public static final int IN_IGNORED = 0x8000;
    private static final int IN_CLOEXEC = 0x80000;
    /** struct inotify_event: int wd; uint32 mask, cookie, len; char name[len]. */
    private static final int HEADER = 16;

    /** One event; {@code name} is empty for a watch on a file. */
    public record Event(int wd, int mask, String name) {
        public boolean is(int bit) {
            return (mask & bit) != 0;
        }
    }

    private final int fd;
    private boolean closed;

    private Inotify(int fd) {
        this.fd = fd;
    }

    public static Inotify create() {
        try {
            return new Inotify(LibC.INSTANCE.inotify_init1(IN_CLOEXEC));
        } catch (LastErrorException e) {
            throw new IllegalStateException("inotify_init1: " + e.getMessage(), e);
        }
    }

    /** Returns the watch descriptor. */
    public int addWatch(Path path, int mask) {
        try {
            return LibC.INSTANCE.inotify_add_watch(fd, path.toString(), mask);
        } catch (LastErrorException e) {
            throw new IllegalStateException("inotify_add_watch " + path + ": " + e.getMessage(), e);
        }
    }

    /** false when the watch is gone already (EINVAL: its file was removed and IN_IGNORED queued). */
    public boolean removeWatch(int wd) {
        try {
            LibC.INSTANCE.inotify_rm_watch(fd, wd);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EINVAL) return false;
            throw new IllegalStateException("inotify_rm_watch " + wd + ": " + e.getMessage(), e);
        }
    }

    /** Blocks until at least one event is queued and returns all that fit one read. */
    public List<Event> await() {
        byte[] buf = new byte[4096];
        while (true) {
            try {
                long n = LibC.INSTANCE.read(fd, buf, buf.length);
                return parse(buf, (int) n);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR) continue;
                throw new IllegalStateException("read inotify " + fd + ": " + e.getMessage(), e);
            }
        }
    }

    static List<Event> parse(byte[] buf, int length) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, length).order(ByteOrder.nativeOrder());
        List<Event> out = new ArrayList<>();
        while (b.remaining() >= HEADER) {
            int wd = b.getInt(), mask = b.getInt();
            b.getInt(); // cookie: only rename pairs use it
            int len = b.getInt();
            byte[] name = new byte[len];
            b.get(name);
            int end = 0;
            while (end < len && name[end] != 0) end++; // NUL padded
            out.add(new Event(wd, mask, new String(name, 0, end, StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** Idempotent. Must not race with {@link #await}: the fd number may be reused. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        Fd.close(fd);
    }
}
