package dev.hearth.cgroups;

import com.sun.jna.LastErrorException;
import dev.hearth.sys.Errno;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Creating and removing cgroup directories. */
final class CgroupDirs {
    /** How long rmdir keeps retrying EBUSY: the last processes of a killed cgroup may still be exiting. */
    static final int RMDIR_ATTEMPTS = 40;
    static final long RMDIR_PAUSE_MS = 25;

    private CgroupDirs() {}

    /** mkdir; false when it existed already (a cgroup may be reused). */
    static boolean mkdir(String cgroup, Path dir) throws CgroupException {
        try {
            Files.createDirectory(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(dir)) return false;
            throw new CgroupException("cgroup " + cgroup + ": mkdir " + dir + ": exists and is not a directory", e);
        } catch (IOException e) {
            throw new CgroupException("cgroup " + cgroup + ": mkdir " + dir + ": " + CgroupFiles.reason(e), e);
        }
    }

    /**
     * rmdir, retrying briefly while the kernel says EBUSY; nothing to do when the directory is
     * already gone.
     */
    static void rmdir(String cgroup, Path dir) throws CgroupException {
        for (int attempt = 1; ; attempt++) {
            try {
                CLib.INSTANCE.rmdir(dir.toString());
                return;
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == Errno.ENOENT) return;
                if (errno == Errno.EBUSY && attempt < RMDIR_ATTEMPTS) {
                    sleep(RMDIR_PAUSE_MS);
                    continue;
                }
                String hint = errno == Errno.EBUSY ? " (processes or child cgroups remain)" : "";
                throw new CgroupException("cgroup " + cgroup + ": rmdir " + dir + ": " + e.getMessage() + hint, e);
            }
        }
    }

    /**
     * rename(2) of a cgroup directory within its parent (cgroup v1 refuses any other with EIO,
     * and an existing {@code to} with EEXIST).
     */
    static void rename(String cgroup, Path from, Path to) throws CgroupException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CgroupException("cgroup " + cgroup + ": rename " + from + " to " + to + ": " + CgroupFiles.reason(e), e);
        }
    }

    /** Best-effort undo of a half-done create; the original failure is what the caller reports. */
    static void rollback(String cgroup, List<Path> created, CgroupException cause) {
        for (Path dir : created.reversed()) {
            try {
                rmdir(cgroup, dir);
            } catch (CgroupException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /**
     * A freeze that did not complete (timed out, interrupted, a file unreadable) must not leave
     * the cgroup freezing: its processes would sit in the kernel's freezer, where not even
     * SIGKILL ends them. Thaws it and returns {@code failure} to throw (a failed thaw suppressed in it).
     */
    static CgroupException thawedAfter(Cgroup cgroup, CgroupException failure) {
        boolean interrupted = Thread.interrupted(); // the thaw's write must not be refused for it
        try {
            cgroup.thaw();
        } catch (CgroupException e) {
            failure.addSuppressed(e);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
        return failure;
    }

    static void sleep(long ms) throws CgroupException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("interrupted", e);
        }
    }
}
