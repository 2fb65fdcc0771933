package dev.hearth.shim.mount;

import java.io.IOException;

/** A mount or unmount failed; the message names the mount, the target and the kernel's errno. */
public final class MountException extends IOException {
    private final int errno;

    public MountException(String message, int errno, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    public MountException(String message) {
        this(message, 0, null);
    }

    /** errno of the failed system call, 0 when no call failed. */
    public int errno() {
        return errno;
    }
}
