package dev.hearth.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The cgroups of one process as listed in {@code /proc/<pid>/cgroup}: one line per v1 hierarchy
 * ({@code 4:memory:/a}, {@code 2:cpu,cpuacct:/}, {@code 9:name=systemd:/}) plus the v2 line
 * ({@code 0::/a}).
 */
public record ProcessCgroups(Map<String, String> v1ByController, String unified) {

    public ProcessCgroups {
        v1ByController = Map.copyOf(v1ByController);
    }

    /** The calling process's cgroups. */
    public static ProcessCgroups self() throws CgroupException {
        Path file = Path.of("/proc/self/cgroup");
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new CgroupException("read " + file + ": " + e, e);
        }
    }

    public static ProcessCgroups parse(String text) {
        Map<String, String> v1 = new HashMap<>();
        String unified = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            // hierarchy-id:controller-list:path; the path itself may contain ':'
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) continue;
            String controllers = line.substring(first + 1, second);
            String path = line.substring(second + 1);
            if (line.substring(0, first).equals("0") && controllers.isEmpty()) {
                unified = path;
            } else {
                for (String c : controllers.split(",")) if (!c.isEmpty()) v1.put(c, path);
            }
        }
        return new ProcessCgroups(v1, unified);
    }

    /** The path in the v1 hierarchy carrying any of {@code controllers}; "/" when unknown. */
    public String v1Path(Set<String> controllers) {
        for (String c : controllers) {
            String p = v1ByController.get(c);
            if (p != null) return p;
        }
        return "/";
    }
}
