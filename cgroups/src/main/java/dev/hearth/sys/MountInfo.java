package dev.hearth.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One line of {@code /proc/<pid>/mountinfo} (see proc(5)): which part ({@link #root}) of which
 * filesystem is mounted where, with the per-mount and the superblock options.
 */
public record MountInfo(int id, int parentId, String root, String mountPoint, List<String> mountOptions,
                        String fsType, String source, List<String> superOptions) {

    public static final Path SELF = Path.of("/proc/self/mountinfo");

    public MountInfo {
        mountOptions = List.copyOf(mountOptions);
        superOptions = List.copyOf(superOptions);
    }

    /** The mount table of the calling process, in mount order (later entries cover earlier ones). */
    public static List<MountInfo> self() throws IOException {
        return parse(Files.readString(SELF));
    }

    public static List<MountInfo> parse(String text) {
        List<MountInfo> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            out.add(parseLine(line));
        }
        return out;
    }

    /**
     * {@code 36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue}:
     * a variable number of optional fields ends with "-".
     */
    static MountInfo parseLine(String line) {
        String[] f = line.split(" ");
        int dash = Arrays.asList(f).indexOf("-");
        if (f.length < 7 || dash < 6 || f.length < dash + 3) {
            throw new IllegalArgumentException("mountinfo: malformed line: " + line);
        }
        return new MountInfo(Integer.parseInt(f[0]), Integer.parseInt(f[1]), unescape(f[3]), unescape(f[4]),
                List.of(f[5].split(",")), f[dash + 1], unescape(f[dash + 2]),
                f.length > dash + 3 ? List.of(f[dash + 3].split(",")) : List.of());
    }

    /** The kernel writes space, tab, newline and backslash in paths as octal escapes (\040 ...). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) return false;
        for (int i = from; i < from + 3; i++) if (s.charAt(i) < '0' || s.charAt(i) > '7') return false;
        return true;
    }
}
