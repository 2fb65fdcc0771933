package dev.hearth.bench;

import dev.hearth.cgroups.CgroupManager;
import dev.hearth.it.Containerd;
import dev.hearth.it.ContainerdBinary;
import dev.hearth.it.Ctr;
import dev.hearth.it.Dist;
import dev.hearth.it.Functions;
import dev.hearth.it.TestImages;
import dev.hearth.launcher.PoolSlots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ctr run --rm} through a private containerd (the integration harness's): the hello
 * example through hearth, the same JS under runc with node, busybox {@code echo} under runc, and
 * containerd's own floor: the hello image through a shim that does nothing ({@link FloorShim}).
 * The hearth daemon keeps its default pool (2 workers) and a long idle period, as in production.
 */
final class EndToEnd implements AutoCloseable {
    static final String HELLO = "docker.io/library/hello:latest";
    static final String NODE = "docker.io/library/node-hello:bench";
    static final String BUSYBOX = "docker.io/library/busybox-echo:bench";
    /** Not an image: the hello image run by {@link FloorShim}. */
    static final String FLOOR = "floor";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    final Containerd containerd;
    final Ctr ctr;
    private final FloorShim floor;
    private final AtomicInteger serial = new AtomicInteger();
    /** Container ids of the measured hearth runs of {@link #compare}: their daemon log lines time Create and Delete. */
    private final List<String> measuredHearthIds = new ArrayList<>();
    /** The first hearth run of {@link #compare}: the daemon starts with it, and its pool's first worker. */
    long firstHearthRunNanos;

    EndToEnd(Path work) throws Exception {
        containerd = Containerd.start(ContainerdBinary.primary(), Map.of("HEARTH_IDLE_SECONDS", "900"));
        ctr = containerd.ctr();
        Functions.buildAndImport(containerd, ctr, "hello", HELLO);
        String hello = Files.readString(Path.of(System.getProperty("hearth.examples"), "hello/index.js"));
        Path nodeWork = Files.createDirectories(work.resolve("node-image"));
        Path rootfs = Images.nodeRootfs(nodeWork.resolve("rootfs"), Path.of("/usr/bin/node"), hello);
        ctr.run("image", "import", Images.ociArchive(nodeWork, NODE, rootfs, List.of("/usr/bin/node", "/app/index.mjs")).toString())
                .requireSuccess();
        Path busybox = TestImages.busyboxArchive(work.resolve("busybox.tar"), BUSYBOX, List.of("/bin/busybox", "echo", "hello"));
        ctr.run("image", "import", busybox.toString()).requireSuccess();
        floor = new FloorShim(work.resolve("floor-shim"));
    }

    /** The ctr arguments that run {@code image} once (hearth's runtime for the hello image, the floor shim's for FLOOR). */
    List<String> runArgs(String image) {
        String id = "b" + serial.incrementAndGet();
        List<String> args = new ArrayList<>(List.of("run", "--rm"));
        if (image.equals(HELLO)) {
            args.addAll(List.of("--runtime", Functions.RUNTIME));
        } else if (image.equals(FLOOR)) {
            args.addAll(List.of("--runtime", floor.runtime()));
            image = HELLO;
        }
        args.add(image);
        args.add(id);
        return args;
    }

    /** Wall time of one {@code ctr run --rm}, failing when it does not exit 0. */
    long timeRun(String image) {
        return time(runArgs(image));
    }

    private long time(List<String> args) {
        long t0 = System.nanoTime();
        Ctr.Result result = ctr.run(TIMEOUT, args.toArray(String[]::new));
        long took = System.nanoTime() - t0;
        result.requireSuccess();
        return took;
    }

    /**
     * Medians of {@code rounds} interleaved runs of each image (plus one unmeasured run each
     * first). Every run, whatever its runtime, starts with hearth's pool refilled and quiet: a
     * worker booting after the previous hearth run would slow the next run of any kind.
     */
    Map<String, Samples> compare(int rounds) throws IOException {
        Map<String, Samples> samples = new LinkedHashMap<>();
        for (String image : List.of(HELLO, FLOOR, NODE, BUSYBOX)) {
            // the first hearth run starts the daemon (reported apart); first runc runs warm the page cache
            long took = timeRun(image);
            if (image.equals(HELLO)) {
                firstHearthRunNanos = took;
            }
            samples.put(image, new Samples());
        }
        for (int i = 0; i < rounds; i++) {
            for (String image : samples.keySet()) {
                awaitParkedWorkers(2);
                List<String> args = runArgs(image);
                samples.get(image).add(time(args));
                if (image.equals(HELLO)) {
                    measuredHearthIds.add(args.getLast());
                }
            }
        }
        return samples;
    }

    /** How long the pool's workers must use no CPU to count as parked (a booting JVM never pauses that long). */
    private static final Duration QUIET = Duration.ofMillis(200);

    /**
     * Waits (up to 60 s) until the daemon has {@code count} live children and none of them used
     * CPU for {@link #QUIET}: between runs, with no container up, those are its parked pool
     * workers, blocked on their control connections. So the hearth rows measure warm starts, and
     * no row shares the CPUs with a worker still booting.
     */
    void awaitParkedWorkers(int count) throws IOException {
        long daemon = daemonPid();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long quietSince = System.nanoTime();
        Map<Long, Long> lastCpu = Map.of();
        while (System.nanoTime() < deadline) {
            List<Long> workers = ProcessHandle.of(daemon).map(p -> p.children().filter(ProcessHandle::isAlive)
                    .map(ProcessHandle::pid).toList()).orElse(List.of());
            Map<Long, Long> cpu = new LinkedHashMap<>();
            for (long pid : workers) cpu.put(pid, cpuTicks(pid));
            if (workers.size() < count || !cpu.equals(lastCpu)) {
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= QUIET.toNanos()) {
                return;
            }
            lastCpu = cpu;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** utime + stime of a process (all its threads) in clock ticks; -1 once it is gone. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which ends with the last ')': state is [0], utime [11], stime [12].
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Starts per second with {@code clients} threads each running {@code perClient} containers back to back. */
    double throughput(String image, int clients, int perClient) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perClient; i++) {
                        timeRun(image);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return clients * perClient / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Lines of the hearth daemon's log containing {@code text} (counts pool hits and misses). */
    long daemonLogCount(String text) throws IOException {
        return daemonLogLines().stream().filter(l -> l.contains(text)).count();
    }

    /**
     * The daemon's own account of the measured hearth runs of {@link #compare}, from its
     * {@code created} and {@code deleted} log lines: "Create" (request to reply), "launcher" (its
     * share of Create) and "Delete", in ms.
     */
    Map<String, Samples> daemonTimes() throws IOException {
        Map<String, Samples> times = new LinkedHashMap<>();
        for (String name : List.of("Create", "launcher", "Load", "Delete")) {
            times.put(name, new Samples());
        }
        Set<String> ids = Set.copyOf(measuredHearthIds);
        for (String line : daemonLogLines()) {
            Matcher loaded = LOADED.matcher(line);
            if (loaded.find() && ids.contains(loaded.group(1))) {
                addMillis(times.get("Load"), loaded.group(2));
                continue;
            }
            String id = logField(line, "id");
            if (id == null || !ids.contains(id)) {
                continue;
            }
            if (line.contains(" msg=created ")) {
                addMillis(times.get("Create"), logField(line, "ms"));
                addMillis(times.get("launcher"), logField(line, "launcherMs"));
            } else if (line.contains(" msg=deleted ")) {
                addMillis(times.get("Delete"), logField(line, "ms"));
            }
        }
        return times;
    }

    /** The launcher's line for each create: the container and how long its worker's Load took. */
    private static final Pattern LOADED = Pattern.compile("container (\\S+): worker \\d+ loaded in ([0-9.]+) ms");

    private static void addMillis(Samples samples, String millis) {
        if (millis != null) {
            samples.add(Math.round(Double.parseDouble(millis) * 1e6));
        }
    }

    /** The value of {@code key=value} in a structured log line (values without spaces), or null. */
    static String logField(String line, String key) {
        Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(key) + "=([^ \"]+)").matcher(line);
        return m.find() ? m.group(1) : null;
    }

    private List<String> daemonLogLines() {
        return containerd.daemonLogLines();
    }

    /** The hearth daemon's pid (one daemon for this containerd and namespace). */
    long daemonPid() throws IOException {
        try (Stream<Path> pids = Files.walk(containerd.hearthRunDir(), 2)) {
            Path file = pids.filter(p -> p.getFileName().toString().equals("daemon.pid")).findFirst()
                    .orElseThrow(() -> new IOException("no daemon.pid under " + containerd.hearthRunDir()));
            return Long.parseLong(Files.readString(file).trim());
        }
    }

    static Path dist() {
        return Dist.home();
    }

    /**
     * Stops containerd (the harness SIGKILLs the daemon, which has a long idle period here). A
     * daemon that is killed cannot remove its pool cgroup ({@code /hearth/.pool-<pid>}, empty once
     * its workers exited with their control connections); the next daemon would, the bench does.
     */
    @Override
    public void close() {
        containerd.close();
        floor.close();
        try {
            CgroupManager cgroups = CgroupManager.detect();
            for (int i = 0; i < 20; i++) {
                List<String> problems = new ArrayList<>();
                PoolSlots.removeStale(cgroups, null, problems::add);
                if (problems.isEmpty()) {
                    return;
                }
                Thread.sleep(250); // workers still exiting
            }
        } catch (Exception e) {
            System.err.println("bench: cannot remove stale pool cgroups: " + e);
        }
    }
}
