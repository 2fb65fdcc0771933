package dev.hearth.cgroups;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes cgroup interface files with errors of the form
 * {@code cgroup /default/fn1: write memory.limit_in_bytes=abc: Invalid argument}.
 */
final class CgroupFiles {
    private CgroupFiles() {}

    /** Writes without O_CREAT: an interface file that does not exist means a missing controller. */
    static void write(String cgroup, Path dir, String file, String value) throws CgroupException {
        try {
            Files.writeString(dir.resolve(file), value, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new CgroupException("cgroup " + cgroup + ": write " + file + "=" + value + ": no such file "
                    + dir.resolve(file) + " (controller not available?)", e);
        } catch (IOException e) {
            throw new CgroupException("cgroup " + cgroup + ": write " + file + "=" + value + ": " + reason(e), e);
        }
    }

    static String read(String cgroup, Path dir, String file) throws CgroupException {
        try {
            return Files.readString(dir.resolve(file)).strip();
        } catch (IOException e) {
            throw new CgroupException("cgroup " + cgroup + ": read " + file + ": " + reason(e), e);
        }
    }

    static boolean exists(Path dir, String file) {
        return Files.exists(dir.resolve(file));
    }

    /** The kernel's word for it ("Invalid argument", "Device or resource busy"), not Java's. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException n) return "no such file " + n.getFile();
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return String.valueOf(e.getMessage());
    }
}
