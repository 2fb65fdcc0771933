package dev.hearth.shim.mount;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import dev.hearth.sys.Errno;
import dev.hearth.sys.MountInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.hearth.shim.mount.MountFlags.*;

/**
 * Mounting a container's rootfs as containerd's snapshotters describe it, and unmounting it.
 *
 * <ul>
 *   <li>overlay: {@code overlay overlay [lowerdir=A:B, upperdir=U, workdir=W, index=off, ...]};
 *       lowerdir alone gives a read-only view (the kernel then wants at least two lower dirs;
 *       containerd sends a single-layer view as a read-only bind instead).</li>
 *   <li>bind: {@code bind /snapshot/fs [rbind, ro]}: a bind mount, then a remount to make it
 *       read-only, because the kernel ignores MS_RDONLY on the bind call itself.</li>
 * </ul>
 *
 * <p>Known limit: the data string of one mount(2) call is at most a page (4096 bytes). An image
 * with many layers gives a lowerdir option longer than that; containerd works around it by
 * mounting from the snapshot directory with relative lowerdirs. hearth does not yet, and fails
 * with a message saying so.
 */
public final class Mounts {
    /** mount(2) copies at most one page of data; the string needs its NUL too. */
    static final int MAX_DATA = 4095;
    static final int UNMOUNT_BUSY_ATTEMPTS = 10;
    static final long UNMOUNT_BUSY_PAUSE_MS = 50;
    /** Bound on the mounts stacked at one target that unmount peels off. */
    static final int MAX_STACKED = 32;

    private Mounts() {}

    public static void mount(MountSpec spec, Path target) throws MountException {
        MountOptions o = MountOptions.parse(spec.options());
        long flags = o.flags();
        if (spec.type().equals("bind")) flags |= MS_BIND;
        String what = "mount " + spec.type() + " " + spec.source() + " at " + target;
        if (o.data().length() > MAX_DATA) {
            throw new MountException(what + ": options are " + o.data().length() + " bytes, over the kernel's "
                    + MAX_DATA + "-byte limit for one mount (too many image layers for one overlay lowerdir; not supported yet)");
        }
        if (!Files.isDirectory(target) && (flags & MS_BIND) == 0) {
            throw new MountException(what + ": target is not a directory");
        }
        boolean remountOnly = (flags & MS_REMOUNT) != 0 && o.data().isEmpty();
        if (!remountOnly) {
            call(what, spec.source(), target, spec.type().equals("bind") ? null : spec.type(), flags, o.data());
        }
        try {
            if (o.propagation() != 0) call(what + " (propagation)", null, target, null, o.propagation(), null);
            // MS_RDONLY (and nosuid, nodev, noexec) on a bind call are ignored by the kernel: only a
            // remount of the bind applies them.
            if ((flags & MS_BIND) != 0 && (flags & ~(MS_BIND | MS_REC | MS_REMOUNT)) != 0 && !remountOnly) {
                call(what + " (remount read-only/flags)", null, target, null, flags | MS_REMOUNT, null);
            }
        } catch (MountException e) {
            if (!remountOnly) {
                try {
                    unmount(target);
                } catch (MountException undo) {
                    e.addSuppressed(undo);
                }
            }
            throw e;
        }
    }

    /**
     * Unmounts whatever is mounted at {@code target}, stacked mounts included. Retries while the
     * kernel says EBUSY (a process leaving the rootfs), then detaches lazily so a stuck user
     * cannot keep the container's delete from finishing. Nothing to do when nothing is mounted.
     */
    public static void unmount(Path target) throws MountException {
        for (int stacked = 0; stacked < MAX_STACKED; stacked++) {
            if (!unmountOnce(target)) return;
        }
        throw new MountException("unmount " + target + ": still mounted after removing " + MAX_STACKED + " mounts");
    }

    /**
     * Unmounts {@code target} for the caller at once and returns what still holds the file
     * system: the kernel tears it down when the returned {@link Detached} is closed, on whichever
     * thread closes it. An overlay's teardown syncs its upper file system (the host's), which
     * takes tens of milliseconds while the host has dirty pages; a container's Delete need not
     * wait for that. The mount (and any stacked under it) is gone from the mount tree when this
     * returns, so removing the directory works. Null when nothing was mounted at target.
     */
    public static Detached detach(Path target) throws MountException {
        int fd;
        try {
            // O_PATH: a reference to the mounted root that neither reads nor follows further.
            fd = LibMount.INSTANCE.open(target.toString(), LibMount.O_PATH | LibMount.O_CLOEXEC);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ENOENT) return null;
            throw new MountException("unmount " + target + ": open: " + e.getMessage(), e.getErrorCode(), e);
        }
        Detached held = new Detached(target, fd);
        try {
            int removed = 0;
            while (true) {
                try {
                    // A lazy unmount: the descriptor keeps the top mount busy, which only MNT_DETACH allows.
                    LibMount.INSTANCE.umount2(target.toString(), UMOUNT_NOFOLLOW | MNT_DETACH);
                } catch (LastErrorException e) {
                    int errno = e.getErrorCode();
                    if (errno == Errno.EINVAL || errno == Errno.ENOENT) break; // nothing (more) mounted
                    throw new MountException("unmount " + target + " (detach): " + e.getMessage(), errno, e);
                }
                if (++removed == MAX_STACKED) {
                    throw new MountException("unmount " + target + ": still mounted after removing " + MAX_STACKED + " mounts");
                }
            }
            if (removed == 0) {
                held.close();
                return null;
            }
            return held;
        } catch (MountException | RuntimeException e) {
            held.close();
            throw e;
        }
    }

    /** The last reference to a detached mount; closing it releases the file system (once). */
    public static final class Detached implements AutoCloseable {
        private final Path target;
        private int fd;

        private Detached(Path target, int fd) {
            this.target = target;
            this.fd = fd;
        }

        public Path target() { return target; }

        @Override
        public synchronized void close() {
            if (fd < 0) return;
            try {
                LibMount.INSTANCE.close(fd);
            } catch (LastErrorException e) {
                // close(2) releases the descriptor even when it reports an error (EINTR, EIO)
            }
            fd = -1;
        }
    }

    /** @return false when nothing was mounted at target */
    private static boolean unmountOnce(Path target) throws MountException {
        for (int attempt = 1; ; attempt++) {
            try {
                // NOFOLLOW: the target lives in a bundle whose content we do not trust to be no symlink.
                LibMount.INSTANCE.umount2(target.toString(), UMOUNT_NOFOLLOW);
                return true;
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == Errno.EINVAL || errno == Errno.ENOENT) return false; // not a mount point / gone
                if (errno == Errno.EBUSY && attempt < UNMOUNT_BUSY_ATTEMPTS) {
                    pause();
                    continue;
                }
                if (errno == Errno.EBUSY) {
                    try {
                        LibMount.INSTANCE.umount2(target.toString(), UMOUNT_NOFOLLOW | MNT_DETACH);
                        return true;
                    } catch (LastErrorException detach) {
                        throw new MountException("unmount " + target + " (detach): " + detach.getMessage(),
                                detach.getErrorCode(), detach);
                    }
                }
                throw new MountException("unmount " + target + ": " + e.getMessage(), errno, e);
            }
        }
    }

    /** Whether something is mounted at {@code path} (by /proc/self/mountinfo; false when it does not exist). */
    public static boolean isMountPoint(Path path) throws IOException {
        Path real;
        try {
            real = path.toRealPath();
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        String p = real.toString();
        for (MountInfo m : MountInfo.self()) if (m.mountPoint().equals(p)) return true;
        return false;
    }

    private static void call(String what, String source, Path target, String type, long flags, String data)
            throws MountException {
        try {
            LibMount.INSTANCE.mount(source, target.toString(), type, new NativeLong(flags),
                    data == null || data.isEmpty() ? null : data);
        } catch (LastErrorException e) {
            throw new MountException(what + ": " + e.getMessage() + hint(e.getErrorCode(), type), e.getErrorCode(), e);
        }
    }

    private static String hint(int errno, String type) {
        if (errno == Errno.EPERM) return " (mounting needs root / CAP_SYS_ADMIN)";
        if (errno == Errno.ENOENT) return " (source, target or a lowerdir/upperdir/workdir does not exist)";
        if (errno == Errno.EINVAL && "overlay".equals(type)) {
            return " (overlay refused its options: upperdir and workdir on the same filesystem? a single lowerdir without upperdir?)";
        }
        return "";
    }

    private static void pause() throws MountException {
        try {
            Thread.sleep(UNMOUNT_BUSY_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MountException("unmount interrupted");
        }
    }
}
