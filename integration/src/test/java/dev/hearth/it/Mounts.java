package dev.hearth.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Mount points of this mount namespace (from /proc/self/mountinfo) and unmounting them. */
final class Mounts {
    private Mounts() {}

    /** Mount points at or below {@code dir}, deepest first (the order to unmount them in). */
    static List<Path> under(Path dir) {
        try {
            return under(dir, Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/mountinfo: " + e.getMessage(), e);
        }
    }

    static List<Path> under(Path dir, List<String> mountinfoLines) {
        List<Path> found = new ArrayList<>();
        for (String line : mountinfoLines) {
            String[] fields = line.split(" ");
            if (fields.length < 5) {
                continue;
            }
            Path mountPoint = Path.of(unescape(fields[4]));
            if (mountPoint.startsWith(dir)) {
                found.add(mountPoint);
            }
        }
        found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return found;
    }

    /** mountinfo writes space, tab, newline and backslash in paths as 3-digit octal escapes. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Unmounts everything below {@code dir}; a busy mount is detached lazily. Returns what is still mounted. */
    static List<Path> unmountAll(Path dir) {
        for (Path mountPoint : under(dir)) {
            if (run("umount", mountPoint.toString()) != 0) {
                run("umount", "-l", mountPoint.toString());
            }
        }
        return under(dir);
    }

    private static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }
}
