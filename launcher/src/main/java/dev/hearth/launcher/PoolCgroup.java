package dev.hearth.launcher;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.cgroups.CgroupException;
import dev.hearth.cgroups.CgroupManager;
import dev.hearth.oci.runtime.LinuxResources;
import dev.hearth.sys.MountInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The warm pool's cgroup, {@code /hearth/.pool-<daemon pid>}: where parked workers live and their
 * pre-start memory is accounted, with a low CPU weight so that booting spares yields to real work.
 * A daemon removes its own at exit (with the pool); one that was SIGKILLed cannot, so every
 * daemon first removes the empty pool cgroups of daemons that are gone (their workers exited
 * with their control connections). The pid in the name is what tells whose it is.
 */
public final class PoolCgroup {

    /** CPU weight of the pool (the default is 1024). */
    static final long CPU_SHARES = 64;
    private static final Pattern NAME = Pattern.compile("\\.pool-(\\d+)");
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private PoolCgroup() { }

    public static String pathFor(long daemonPid) {
        return "/hearth/.pool-" + daemonPid;
    }

    /**
     * Removes stale pool cgroups, then creates (or reuses) the one of this daemon. Says once in
     * {@code log} when the host's cgroup mounts make every claim wait for the kernel.
     */
    public static Cgroup create(CgroupManager cgroups, Consumer<String> log) throws CgroupException {
        removeStale(cgroups, log);
        try {
            if (!CgroupManager.favorsDynamicMoves(MountInfo.self())) {
                log.accept("cgroup mounts without favordynmods: each warm start waits for an RCU grace period"
                        + " (about 10 ms) to move its worker into the container's cgroup; see README, Performance");
            }
        } catch (IOException e) {
            log.accept("cannot read the mount table to check for favordynmods: " + e.getMessage());
        }
        return cgroups.create(pathFor(ProcessHandle.current().pid()), new LinuxResources(null,
                new LinuxResources.Cpu(CPU_SHARES, null, null, null, null, null, null), null, null));
    }

    /** Deletes the pool cgroups whose daemon is not running; returns their paths. */
    public static List<String> removeStale(CgroupManager cgroups, Consumer<String> log) {
        List<String> removed = new ArrayList<>();
        for (long pid : poolPids()) {
            if (daemonAlive(pid)) {
                continue;
            }
            String path = pathFor(pid);
            try {
                cgroups.open(path).delete();
                removed.add(path);
            } catch (CgroupException e) {
                log.accept("cannot remove the stale pool cgroup " + path + ": " + e.getMessage());
            }
        }
        return removed;
    }

    /** Daemon pids named by {@code .pool-<pid>} directories under any hierarchy's /hearth. */
    static TreeSet<Long> poolPids() {
        TreeSet<Long> pids = new TreeSet<>();
        List<Path> parents = new ArrayList<>(List.of(ROOT.resolve("hearth")));
        try (Stream<Path> hierarchies = Files.list(ROOT)) {
            hierarchies.forEach(h -> parents.add(h.resolve("hearth")));
        } catch (IOException e) {
            return pids;
        }
        for (Path parent : parents) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (Stream<Path> children = Files.list(parent)) {
                children.forEach(child -> {
                    Matcher m = NAME.matcher(child.getFileName().toString());
                    if (m.matches() && Files.isDirectory(child)) {
                        pids.add(Long.parseLong(m.group(1)));
                    }
                });
            } catch (IOException e) {
                // a hierarchy that cannot be listed holds nothing we can remove either
            }
        }
        return pids;
    }

    /** A live process with this pid that is a JVM (a reused pid of something else does not count). */
    static boolean daemonAlive(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().command()).map(c -> c.endsWith("java")).orElse(false);
    }
}
