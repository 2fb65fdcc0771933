package dev.hearth.cgroups;

import dev.hearth.sys.MountInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One mounted cgroup v1 hierarchy: the controllers attached to it ({@code memory}, or
 * {@code cpu}+{@code cpuacct} when co-mounted, or a named one such as {@code name=systemd}),
 * where it is mounted, and which cgroup of the hierarchy that mount shows ({@code mountRoot},
 * "/" except inside containers).
 */
public record V1Hierarchy(Set<String> controllers, Path mountPoint, String mountRoot) {

    /** Controllers the kernel can attach to a v1 hierarchy. */
    static final Set<String> KNOWN_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer",
            "net_cls", "net_prio", "blkio", "perf_event", "hugetlb", "pids", "rdma", "misc");

    public V1Hierarchy {
        controllers = Set.copyOf(new TreeSet<>(controllers));
    }

    public boolean has(String controller) {
        return controllers.contains(controller);
    }

    /** The directory of {@code cgroupPath} (absolute in the hierarchy) under this mount. */
    Path dirOf(String cgroupPath) throws CgroupException {
        String rel = cgroupPath;
        if (!mountRoot.equals("/")) {
            if (!(cgroupPath.equals(mountRoot) || cgroupPath.startsWith(mountRoot + "/"))) {
                throw new CgroupException("cgroup " + cgroupPath + " is outside the part " + mountRoot + " of the "
                        + String.join(",", controllers) + " hierarchy mounted at " + mountPoint);
            }
            rel = cgroupPath.substring(mountRoot.length());
        }
        rel = rel.replaceFirst("^/+", "");
        return rel.isEmpty() ? mountPoint : mountPoint.resolve(rel);
    }

    /**
     * The v1 hierarchies in a mount table, one per hierarchy (a hierarchy mounted twice is
     * listed once, first mount wins).
     */
    public static List<V1Hierarchy> fromMountTable(List<MountInfo> mounts) {
        Map<Set<String>, V1Hierarchy> byControllers = new LinkedHashMap<>();
        for (MountInfo m : mounts) {
            if (!m.fsType().equals("cgroup")) continue;
            Set<String> controllers = new HashSet<>();
            for (String o : m.superOptions()) {
                if (KNOWN_CONTROLLERS.contains(o) || o.startsWith("name=")) controllers.add(o);
            }
            if (controllers.isEmpty()) continue;
            byControllers.putIfAbsent(Set.copyOf(controllers),
                    new V1Hierarchy(controllers, Path.of(m.mountPoint()), m.root()));
        }
        return List.copyOf(byControllers.values());
    }

    /**
     * The hierarchies under a directory laid out like /sys/fs/cgroup: one directory per
     * hierarchy named after its controllers ({@code cpu,cpuacct}), symlinks for co-mounted
     * names ({@code cpu -> cpu,cpuacct}), a named hierarchy under its name ({@code systemd}),
     * a v2 mount (it has {@code cgroup.controllers}) skipped. For tests and for hosts whose
     * cgroups are not in the mount table this process sees.
     */
    public static List<V1Hierarchy> scan(Path root) throws CgroupException {
        Map<Path, V1Hierarchy> byRealDir = new LinkedHashMap<>();
        List<Path> entries;
        try (Stream<Path> s = Files.list(root)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            throw new CgroupException("list cgroup root " + root + ": " + CgroupFiles.reason(e), e);
        }
        for (Path entry : entries) {
            if (!Files.isDirectory(entry) || Files.exists(entry.resolve("cgroup.controllers"))) continue;
            Path real;
            try {
                real = entry.toRealPath();
            } catch (IOException e) {
                continue; // a dangling symlink names no hierarchy
            }
            if (byRealDir.containsKey(real)) continue;
            Set<String> controllers = new HashSet<>();
            for (String name : real.getFileName().toString().split(",")) {
                controllers.add(KNOWN_CONTROLLERS.contains(name) || name.startsWith("name=") ? name : "name=" + name);
            }
            byRealDir.put(real, new V1Hierarchy(controllers, real, "/"));
        }
        return new ArrayList<>(byRealDir.values());
    }
}
