package dev.hearth.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The cgroup directories of a containerd namespace. Runtimes put a container in {@code /<namespace>/<id>}
 * (what ctr asks for), i.e. {@code /sys/fs/cgroup/<controller>/<namespace>/<id>} on cgroup v1 and
 * {@code /sys/fs/cgroup/<namespace>/<id>} on v2.
 */
final class CgroupDirs {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private CgroupDirs() {}

    /** The existing {@code <hierarchy>/<namespace>} directories, one per mounted hierarchy. */
    static List<Path> namespaceRoots(String namespace) {
        Set<Path> hierarchies = new LinkedHashSet<>();
        if (Files.exists(ROOT.resolve("cgroup.controllers"))) {
            hierarchies.add(ROOT); // v2: the root is the one hierarchy
        } else if (Files.isDirectory(ROOT)) {
            try (Stream<Path> entries = Files.list(ROOT)) {
                entries.filter(Files::isDirectory).forEach(p -> hierarchies.add(realPath(p))); // cpu,cpuacct links
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + ROOT + ": " + e.getMessage(), e);
            }
        }
        List<Path> roots = new ArrayList<>();
        for (Path hierarchy : hierarchies) {
            Path root = hierarchy.resolve(namespace);
            if (Files.isDirectory(root)) {
                roots.add(root);
            }
        }
        return roots;
    }

    /** Every cgroup below the namespace's directories (the containers' cgroups and anything inside them). */
    static Set<Path> below(String namespace) {
        Set<Path> found = new LinkedHashSet<>();
        for (Path root : namespaceRoots(namespace)) {
            // A cgroup removed or renamed while walking (a pool worker's, at a claim) ends the walk:
            // walk again, so that a snapshot never misses what was there.
            for (int attempt = 1; ; attempt++) {
                List<Path> dirs = new ArrayList<>();
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(p -> !p.equals(root) && Files.isDirectory(p)).forEach(dirs::add);
                    found.addAll(dirs);
                    break;
                } catch (IOException | java.io.UncheckedIOException e) {
                    if (!Files.isDirectory(root)) {
                        break;
                    }
                    if (attempt == 10) {
                        throw new IllegalStateException("cannot list the cgroups below " + root + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        return found;
    }

    /**
     * SIGKILLs every process in the namespace's cgroups (container processes that outlived their shim), thawing
     * frozen cgroups first because a frozen process cannot die; waits (bounded) until they are gone and returns
     * the pids still alive.
     */
    static List<Long> killAll(String namespace, Duration patience) {
        List<Path> dirs = new ArrayList<>(below(namespace));
        dirs.addAll(namespaceRoots(namespace));
        for (Path dir : dirs) {
            thaw(dir);
        }
        Set<Long> pids = new LinkedHashSet<>();
        for (Path dir : dirs) {
            try {
                Files.readAllLines(dir.resolve("cgroup.procs")).stream().filter(l -> !l.isBlank()).map(Long::parseLong).forEach(pids::add);
            } catch (IOException | NumberFormatException e) {
                // cgroup gone meanwhile
            }
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        long deadline = System.nanoTime() + patience.toNanos();
        List<Long> alive = new ArrayList<>(pids);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            alive.removeIf(pid -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
            Procs.sleep(Duration.ofMillis(50));
        }
        return alive;
    }

    private static void thaw(Path dir) {
        try {
            Path v1 = dir.resolve("freezer.state");
            if (Files.exists(v1) && !Files.readString(v1).strip().equals("THAWED")) {
                Files.writeString(v1, "THAWED");
            }
            Path v2 = dir.resolve("cgroup.freeze");
            if (Files.exists(v2) && Files.readString(v2).strip().equals("1")) {
                Files.writeString(v2, "0");
            }
        } catch (IOException e) {
            // not a freezer hierarchy, or gone: nothing to thaw
        }
    }

    /** Removes the namespace's cgroups, deepest first; returns those that could not be removed (still in use). */
    static List<Path> removeNamespace(String namespace) {
        List<Path> dirs = new ArrayList<>(below(namespace));
        dirs.addAll(namespaceRoots(namespace));
        dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        List<Path> left = new ArrayList<>();
        for (Path dir : dirs) {
            try {
                Files.deleteIfExists(dir); // rmdir: cgroupfs refuses while processes are inside
            } catch (IOException e) {
                left.add(dir);
            }
        }
        return left;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }
}
