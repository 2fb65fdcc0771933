package dev.hearth.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Counts this JVM's eventfd, inotify and memory.oom_control/memory.events descriptors: the ones
 * an OOM watch opens. A plain count of /proc/self/fd is not stable (the JVM opens jars lazily).
 */
final class WatchFds {
    private WatchFds() {}

    static long count() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(WatchFds::target).filter(t -> t.contains("eventfd") || t.contains("inotify")
                    || t.endsWith("memory.oom_control") || t.endsWith("memory.events")
                    || t.endsWith("cgroup.event_control")).count();
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return ""; // closed meanwhile (e.g. the directory stream's own fd)
        }
    }
}
