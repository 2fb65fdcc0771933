package dev.hearth.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stands in for the kernel's cgroupfs in file-format tests: the kernel creates a cgroup's
 * interface files on mkdir, so tests create the directories and files the code will find.
 */
final class FakeCgroupFs {
    private FakeCgroupFs() {}

    static Path dir(Path root, String rel, String... files) throws IOException {
        Path dir = rel.isEmpty() ? root : root.resolve(rel);
        Files.createDirectories(dir);
        for (String f : files) {
            int eq = f.indexOf('=');
            Path file = dir.resolve(eq < 0 ? f : f.substring(0, eq));
            if (!Files.exists(file)) Files.writeString(file, eq < 0 ? "" : f.substring(eq + 1));
        }
        return dir;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file).strip();
    }
}
