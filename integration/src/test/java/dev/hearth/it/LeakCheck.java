package dev.hearth.it;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a test could leave behind, seen at one moment: hearth processes (command line containing
 * {@code dev.hearth}) and other processes referring to the containerd's directory (shims), cgroups below the
 * containerd's namespaces, mounts below its directory, and FIFOs below its directory and ctr's FIFO directory.
 *
 * <p>Take one before the test's actions and call {@link #assertNothingLeftSince} after them: everything that is
 * new since the first snapshot must be gone (within a grace period, as daemons exit after their idle time).
 */
public record LeakCheck(Set<String> processes, Set<String> cgroups, Set<String> mounts, Set<String> fifos) {
    /** Where ctr creates the FIFOs of the containers it runs (containerd's default FIFO directory). */
    static final Path CTR_FIFO_DIR = Path.of("/run/containerd/fifo");
    /**
     * Long enough for a shim daemon with HEARTH_IDLE_SECONDS=2 to notice it is idle and exit (it also waits a
     * grace period after the last `start`, about 10 s), with room for a loaded CI machine.
     */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    /** A snapshot of what exists now that belongs to hearth or to this containerd. */
    public static LeakCheck take(Containerd containerd) {
        Set<String> processes = new TreeSet<>();
        for (Procs.Proc p : ours(containerd.dir() + "/", containerd.pid(), Procs.matching(p -> true))) {
            processes.add(p.toString());
        }
        Set<String> cgroups = new TreeSet<>();
        for (String namespace : containerd.namespaces()) {
            // A parked pool worker's cgroup in the namespace belongs to its live daemon, like the worker;
            // one of a dead daemon is a leak.
            CgroupDirs.below(namespace).stream().filter(c -> !ofLiveDaemon(c)).forEach(c -> cgroups.add(c.toString()));
        }
        Set<String> mounts = new TreeSet<>();
        Mounts.under(containerd.dir()).forEach(m -> mounts.add(m.toString()));
        Set<String> fifos = new TreeSet<>();
        fifos.addAll(fifosUnder(containerd.dir()));
        fifos.addAll(fifosUnder(CTR_FIFO_DIR));
        return new LeakCheck(processes, cgroups, mounts, fifos);
    }

    /** A pool slot cgroup ({@code .hearth-slot-<daemon pid>-<n>}) of a daemon that runs. */
    private static boolean ofLiveDaemon(Path cgroup) {
        Matcher m = SLOT.matcher(cgroup.getFileName().toString());
        return m.matches() && dev.hearth.launcher.PoolSlots.daemonAlive(Long.parseLong(m.group(1)));
    }

    private static final Pattern SLOT = Pattern.compile("\\.hearth-slot-(\\d+)-\\d+");

    /**
     * The processes that count: those referring to the containerd's directory (shims carry its socket or
     * HEARTH_RUN_DIR), every descendant of those (container processes under runc's shim, workers under the
     * daemon), and orphaned hearth processes (command line naming a dev.hearth class, parent gone).
     * Not containerd itself, nor the test's own ctr.
     */
    static List<Procs.Proc> ours(String marker, long containerdPid, List<Procs.Proc> all) {
        Map<Long, Procs.Proc> byPid = new HashMap<>();
        all.forEach(p -> byPid.put(p.pid(), p));
        List<Procs.Proc> found = new ArrayList<>();
        for (Procs.Proc p : all) {
            if (p.pid() == containerdPid || isCtr(p)) {
                continue;
            }
            boolean ours = false;
            for (Procs.Proc a = p; !ours && a != null && a.pid() != containerdPid; a = byPid.get(a.ppid())) {
                ours = a.mentions(marker) && !isCtr(a);
            }
            // An orphaned hearth process (its daemon died) no longer descends from anything of ours; one whose
            // parent lives is some other test's (e.g. a launcher unit test running beside this one).
            boolean orphan = p.ppid() <= 1 || !byPid.containsKey(p.ppid());
            ours = ours || (p.cmdline().contains("dev.hearth") && orphan && !belongsToAnotherHarness(p, marker));
            if (ours) {
                found.add(p);
            }
        }
        return found;
    }

    private static final Pattern HARNESS_DIR = Pattern.compile("/tmp/hearth-it-[0-9a-f]+/");

    /**
     * A hearth process that names another harness containerd's directory belongs to a test running beside this
     * one (another module's build, another developer's run on the same machine), not to this test.
     */
    static boolean belongsToAnotherHarness(Procs.Proc p, String marker) {
        Matcher m = HARNESS_DIR.matcher(p.cmdline() + " " + p.environ());
        while (m.find()) {
            if (!m.group().equals(marker)) {
                return true;
            }
        }
        return false;
    }

    /** ctr processes of the test itself (e.g. a background `ctr events`) are the test's business, not leaks. */
    private static boolean isCtr(Procs.Proc p) {
        String exe = p.cmdline().split(" ", 2)[0];
        return exe.endsWith("/ctr") || exe.equals("ctr");
    }

    /** What this snapshot has that {@code before} did not. */
    public LeakCheck newSince(LeakCheck before) {
        return new LeakCheck(minus(processes, before.processes), minus(cgroups, before.cgroups),
                minus(mounts, before.mounts), minus(fifos, before.fifos));
    }

    public boolean isEmpty() {
        return processes.isEmpty() && cgroups.isEmpty() && mounts.isEmpty() && fifos.isEmpty();
    }

    /** Fails, listing each leftover, unless everything new since {@code before} disappears within the default grace. */
    public static void assertNothingLeftSince(LeakCheck before, Containerd containerd) {
        assertNothingLeftSince(before, containerd, DEFAULT_GRACE);
    }

    public static void assertNothingLeftSince(LeakCheck before, Containerd containerd, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (true) {
            LeakCheck left = take(containerd).newSince(before);
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("left behind after " + grace.toSeconds() + " s:\n" + left.describe()
                        + "\ncontainerd log tail:\n" + containerd.logTail(30));
            }
            Procs.sleep(Duration.ofMillis(200));
        }
    }

    String describe() {
        List<String> lines = new ArrayList<>();
        processes.forEach(p -> lines.add("  process " + p));
        cgroups.forEach(c -> lines.add("  cgroup " + c));
        mounts.forEach(m -> lines.add("  mount " + m));
        fifos.forEach(f -> lines.add("  fifo " + f));
        return String.join("\n", lines);
    }

    private static Set<String> minus(Set<String> after, Set<String> before) {
        Set<String> diff = new TreeSet<>(after);
        diff.removeAll(before);
        return diff;
    }

    private static Set<String> fifosUnder(Path dir) {
        Set<String> found = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isOther() && isFifo(file)) {
                        found.add(file.toString());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // removed while walking (containerd cleaning up)
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot look for FIFOs under " + dir + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** The JDK reports FIFOs, sockets and devices all as "other"; the mode bits tell a FIFO (S_IFIFO). */
    private static boolean isFifo(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & 0170000) == 0010000;
        } catch (IOException e) {
            return false;
        }
    }
}
