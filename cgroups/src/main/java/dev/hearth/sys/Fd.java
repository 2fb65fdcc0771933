package dev.hearth.sys;

import com.sun.jna.LastErrorException;

import java.nio.file.Path;

/**
 * Raw file descriptors, for the kernel interfaces that take an fd number (cgroup v1's
 * {@code cgroup.event_control} wants the fd of the file to watch), which Java's streams hide.
 */
public final class Fd {
    private Fd() {}

    /** open(path, O_RDONLY|O_CLOEXEC); the caller must {@link #close} the result. */
    public static int openReadOnly(Path path) {
        try {
            return LibC.INSTANCE.open(path.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IllegalStateException("open " + path + ": " + e.getMessage(), e);
        }
    }

    /** close(2); EINTR still closes the fd on Linux, so it is not retried. Other errors are reported. */
    public static void close(int fd) {
        try {
            LibC.INSTANCE.close(fd);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.EINTR) throw new IllegalStateException("close fd " + fd + ": " + e.getMessage(), e);
        }
    }
}
