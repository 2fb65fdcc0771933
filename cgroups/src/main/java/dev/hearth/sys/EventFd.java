package dev.hearth.sys;

import com.sun.jna.LastErrorException;

/**
 * An eventfd(2) counter: the kernel (or another thread) adds to it, {@link #await} blocks until it
 * is non-zero and resets it. cgroup v1 signals OOM through one; writing to it from Java is how a
 * blocked reader is woken to stop.
 */
public final class EventFd implements AutoCloseable {
    private static final int EFD_CLOEXEC = 0x80000;

    private final int fd;
    private boolean closed;

    private EventFd(int fd) {
        this.fd = fd;
    }

    public static EventFd create() {
        try {
            return new EventFd(LibC.INSTANCE.eventfd(0, EFD_CLOEXEC));
        } catch (LastErrorException e) {
            throw new IllegalStateException("eventfd: " + e.getMessage(), e);
        }
    }

    public int fd() {
        return fd;
    }

    /** Blocks until the counter is non-zero; returns it (and the kernel resets it to 0). */
    public long await() {
        byte[] buf = new byte[8];
        while (true) {
            try {
                long n = LibC.INSTANCE.read(fd, buf, buf.length);
                if (n != 8) throw new IllegalStateException("eventfd " + fd + ": short read of " + n + " bytes");
                return littleEndian(buf);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR) continue;
                throw new IllegalStateException("read eventfd " + fd + ": " + e.getMessage(), e);
            }
        }
    }

    /** Adds 1 to the counter, waking a thread blocked in {@link #await}. */
    public void signal() {
        byte[] one = {1, 0, 0, 0, 0, 0, 0, 0};
        while (true) {
            try {
                LibC.INSTANCE.write(fd, one, one.length);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR) continue;
                throw new IllegalStateException("write eventfd " + fd + ": " + e.getMessage(), e);
            }
        }
    }

    /** Idempotent. Must not race with {@link #await}/{@link #signal}: the fd number may be reused. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        Fd.close(fd);
    }

    /** eventfd values are in host byte order; every architecture hearth runs on is little endian. */
    private static long littleEndian(byte[] b) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[i] & 0xff);
        return v;
    }
}
