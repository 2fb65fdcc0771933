package dev.hearth.launcher;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.cgroups.CgroupException;
import dev.hearth.cgroups.CgroupManager;
import dev.hearth.oci.runtime.LinuxResources;
import dev.hearth.sys.MountInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The warm pool's cgroups: every parked worker lives in a cgroup of its own, a slot named
 * {@code .hearth-slot-<daemon pid>-<n>}, where what its boot touched is charged, with a low CPU
 * weight so that booting spares yields to real work.
 *
 * <p>Why one per worker: on cgroup v1 a claim then renames the worker's slot to the container's
 * cgroup ({@link #adopt}) instead of moving the worker into a new cgroup, and a move waits in the
 * kernel for an RCU grace period (~8 ms, more under load; see
 * {@link CgroupManager#favorsDynamicMoves}) where a rename does not. The kernel renames a cgroup
 * only within its parent directory, so slots are made in the parent that the containers of this
 * namespace share ({@code /default} for ctr's {@code /default/<id>}: {@link CgroupSpec#sharedParent}),
 * learned from the last such container, in {@code /hearth} until one came, and always there on
 * cgroup v2, which renames nothing. A slot that cannot be renamed
 * is removed once its worker has moved out.
 *
 * <p>A daemon removes its slots when its pool closes; one that was SIGKILLed cannot, so every
 * daemon first removes the slots of daemons that are gone (their workers exited with their
 * control connections), in {@code /hearth} and in the parents listed in the state directory's
 * {@code pool-slot-parents}, which gets every parent when it is first used. A new daemon makes
 * its slots in the last parent listed there, where its namespace's containers lived before.
 */
public final class PoolSlots {

    /** CPU weight of a slot (the default is 1024). */
    static final long CPU_SHARES = 64;
    /** What a renamed slot's cpu.shares goes back to when the container sets none: v1's default. */
    static final long DEFAULT_CPU_SHARES = 1024;
    /** Where slots go until a container shows where its cgroups live. */
    public static final String HOME = "/hearth";
    static final String PARENTS_FILE = "pool-slot-parents";
    private static final Pattern NAME = Pattern.compile("\\.hearth-slot-(\\d+)-\\d+");
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private final CgroupManager cgroups;
    private final Path parentsFile;
    private final Consumer<String> log;
    private final String prefix = ".hearth-slot-" + ProcessHandle.current().pid() + "-";
    private final AtomicLong made = new AtomicLong();
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();
    private volatile String parent = HOME;

    /** {@code stateDir}: where the parents file goes (null: nowhere, for tests). */
    PoolSlots(CgroupManager cgroups, Path stateDir, Consumer<String> log) {
        this.cgroups = cgroups;
        this.parentsFile = stateDir == null ? null : stateDir.resolve(PARENTS_FILE);
        this.log = log;
        // Where this namespace's containers lived for an earlier daemon is where the next ones
        // will most likely live: a restarted daemon's first claims can then rename too.
        List<String> known = recordedParents(stateDir, log);
        recorded.addAll(known);
        if (cgroups.renames() && !known.isEmpty()) {
            parent = known.getLast();
        }
    }

    /** The parents in the state dir's file, oldest first (none without a file). */
    private static List<String> recordedParents(Path stateDir, Consumer<String> log) {
        Path file = stateDir == null ? null : stateDir.resolve(PARENTS_FILE);
        if (file == null || !Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(l -> l.startsWith("/")).toList();
        } catch (IOException e) {
            log.accept("cannot read " + file + ": " + e.getMessage());
            return List.of();
        }
    }

    /**
     * The slots of a daemon: removes the stale ones of daemons that are gone first, and says
     * once in {@code log} when claims will wait for the kernel.
     */
    public static PoolSlots open(CgroupManager cgroups, Path stateDir, Consumer<String> log) {
        removeStale(cgroups, stateDir, log);
        try {
            if (!CgroupManager.favorsDynamicMoves(MountInfo.self())) {
                log.accept(cgroups.renames()
                        ? "cgroup mounts without favordynmods: a warm start whose container cgroup is not beside"
                                + " the pool's slots waits for an RCU grace period (about 10 ms) to move its worker; see README, Performance"
                        : "cgroup mounts without favordynmods: each warm start waits for an RCU grace period"
                                + " (about 10 ms) to move its worker into the container's cgroup; see README, Performance");
            }
        } catch (IOException e) {
            log.accept("cannot read the mount table to check for favordynmods: " + e.getMessage());
        }
        return new PoolSlots(cgroups, stateDir, log);
    }

    /** A new empty slot for a worker about to boot. */
    Cgroup make() throws CgroupException {
        String path = parent + "/" + prefix + made.incrementAndGet();
        return cgroups.create(path, new LinuxResources(null,
                new LinuxResources.Cpu(CPU_SHARES, null, null, null, null, null, null), null, null));
    }

    /** Where new slots go now. */
    String parent() {
        return parent;
    }

    /**
     * Makes the parent of {@code containerPath} the place of new slots, when this host renames
     * cgroups and the path is a plain absolute one (not systemd's {@code slice:prefix:name}).
     */
    void learn(String containerPath) {
        if (!cgroups.renames() || !containerPath.startsWith("/") || containerPath.contains(":")) {
            return;
        }
        int slash = containerPath.lastIndexOf('/');
        String newParent = containerPath.substring(0, slash);
        if (newParent.isEmpty() || newParent.equals(parent)) {
            return;
        }
        if (recorded.add(newParent) && parentsFile != null) {
            try {
                Files.writeString(parentsFile, newParent + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                log.accept("cannot record " + newParent + " in " + parentsFile + " (a SIGKILLed daemon's slots there"
                        + " would stay): " + e.getMessage());
            }
        }
        parent = newParent;
    }

    /**
     * The worker's slot renamed to the container's cgroup {@code path} and given its
     * {@code resources}: the worker is in the container's cgroup without a move, and what its
     * boot was charged goes with it (as for a worker booted in the container's cgroup). Null, with
     * the slot as it was, when that cannot be: a host or a path that does not allow the rename, an
     * existing cgroup of that path, or a memory limit below what the worker holds plus
     * {@code minFreeBytes}. A failure after the rename (the limits) kills the worker, removes the
     * cgroup and is thrown.
     */
    Cgroup adopt(Cgroup slot, String path, LinuxResources resources, long limitBytes, long minFreeBytes)
            throws CgroupException {
        Cgroup renamed;
        try {
            if (limitBytes > 0 && slot.memoryUsage() + minFreeBytes > limitBytes) {
                return null;
            }
            renamed = cgroups.rename(slot, path);
        } catch (CgroupException e) {
            log.accept("cannot rename pool slot " + slot.path() + " to " + path + ", moving its worker instead: " + e.getMessage());
            return null;
        }
        if (renamed != null) {
            try {
                renamed.update(withDefaultCpuShares(resources));
            } catch (CgroupException e) {
                remove(renamed);
                throw e;
            }
        }
        return renamed;
    }

    /** {@code resources} with v1's default cpu.shares where they set none: the slot's low weight must not stay. */
    static LinuxResources withDefaultCpuShares(LinuxResources resources) {
        if (resources == null) {
            return new LinuxResources(null, new LinuxResources.Cpu(DEFAULT_CPU_SHARES, null, null, null, null, null, null),
                    null, null);
        }
        LinuxResources.Cpu cpu = resources.cpu();
        if (cpu != null && cpu.shares() != null) {
            return resources;
        }
        LinuxResources.Cpu withShares = cpu == null
                ? new LinuxResources.Cpu(DEFAULT_CPU_SHARES, null, null, null, null, null, null)
                : new LinuxResources.Cpu(DEFAULT_CPU_SHARES, cpu.quota(), cpu.period(), cpu.realtimeRuntime(),
                        cpu.realtimePeriod(), cpu.cpus(), cpu.mems());
        return new LinuxResources(resources.memory(), withShares, resources.pids(), resources.hugepageLimits());
    }

    /** Kills what is left in a slot and removes it; a failure is logged (the slot is then stale). */
    void remove(Cgroup slot) {
        try {
            slot.destroy();
        } catch (CgroupException e) {
            log.accept("cannot remove pool slot " + slot.path() + ": " + e.getMessage());
        }
    }

    /** Removes slots of daemons that are not running, in /hearth and the recorded parents; returns their paths. */
    public static List<String> removeStale(CgroupManager cgroups, Path stateDir, Consumer<String> log) {
        Set<String> parents = new LinkedHashSet<>(List.of(HOME));
        parents.addAll(recordedParents(stateDir, log));
        List<String> removed = new ArrayList<>();
        for (String parent : parents) {
            for (String name : slotNames(parent)) {
                Matcher m = NAME.matcher(name);
                if (!m.matches() || daemonAlive(Long.parseLong(m.group(1)))) {
                    continue;
                }
                String path = parent + "/" + name;
                try {
                    cgroups.open(path).delete();
                    removed.add(path);
                } catch (CgroupException e) {
                    log.accept("cannot remove the stale pool slot " + path + ": " + e.getMessage());
                }
            }
        }
        return removed;
    }

    /** Names of slot directories under {@code parent} in any hierarchy (v1) or the unified tree. */
    public static TreeSet<String> slotNames(String parent) {
        TreeSet<String> names = new TreeSet<>();
        List<Path> dirs = new ArrayList<>(List.of(ROOT.resolve(parent.substring(1))));
        try (Stream<Path> hierarchies = Files.list(ROOT)) {
            hierarchies.forEach(h -> dirs.add(h.resolve(parent.substring(1))));
        } catch (IOException e) {
            return names;
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> children = Files.list(dir)) {
                children.map(c -> c.getFileName().toString()).filter(n -> NAME.matcher(n).matches()).forEach(names::add);
            } catch (IOException e) {
                // a hierarchy that cannot be listed holds nothing we can remove either
            }
        }
        return names;
    }

    /** A live process with this pid that is a JVM (a reused pid of something else does not count). */
    public static boolean daemonAlive(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().command()).map(c -> c.endsWith("java")).orElse(false);
    }
}
