package dev.hearth.bench;

import dev.hearth.it.ContainerdBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * hearth's benchmark ({@code make bench}): prints Markdown tables of start latency (launcher
 * level, warm pool hit vs miss), {@code ctr run --rm} end to end against runc (node, busybox),
 * memory per idle instance against node and deno, and starts per second with concurrent clients.
 * A program, not a test: it asserts nothing about speed. Needs root and {@code -Dhearth.dist}.
 *
 * <p>Properties: {@code bench.sections} (latency,e2e,memory,throughput), {@code bench.starts}
 * (50 warm starts), {@code bench.misses} (30 of each kind of miss), {@code bench.rounds} (20), {@code bench.instances} (10), {@code bench.work} (build/bench).
 */
public final class Bench {
    private static final double GIB = 1024.0;

    private Bench() { }

    public static void main(String[] args) throws Exception {
        Set<String> sections = Set.of(System.getProperty("bench.sections", "latency,e2e,memory,throughput").split(","));
        int starts = Integer.getInteger("bench.starts", 50);
        int rounds = Integer.getInteger("bench.rounds", 20);
        int instances = Integer.getInteger("bench.instances", 10);
        Path work = Files.createDirectories(Path.of(System.getProperty("bench.work", "build/bench")).toAbsolutePath());
        Path lib = EndToEnd.dist().resolve("lib");
        System.out.println("# hearth benchmark, " + Instant.now() + ": " + Runtime.getRuntime().availableProcessors()
                + " CPUs, " + memTotalMb() + " MiB RAM, JDK " + System.getProperty("java.vm.version") + ", "
                + ContainerdBinary.primary().version());

        if (sections.contains("latency")) {
            System.out.println("\n(load average " + load() + ")");
            latency(lib, work.resolve("latency"), starts);
        }
        if (sections.contains("e2e") || sections.contains("memory") || sections.contains("throughput")) {
            try (EndToEnd e2e = new EndToEnd(work)) {
                if (sections.contains("e2e")) {
                    System.out.println("\n(load average " + load() + ")");
                endToEnd(e2e, rounds);
                }
                if (sections.contains("throughput")) {
                    System.out.println("\n(load average " + load() + ")");
                throughput(e2e);
                }
                if (sections.contains("memory")) {
                    System.out.println("\n(load average " + load() + ")");
                memory(e2e, work, instances);
                }
            }
        }
    }

    private static void latency(Path lib, Path work, int starts) throws Exception {
        StartLatency bench = new StartLatency(lib, work);
        List<StartLatency.Result> results = new ArrayList<>();
        Samples migration;
        Samples renames;
        try {
            migration = bench.migration(starts);
            renames = bench.renames(starts);
            results.add(bench.warm(starts));
            results.add(bench.warmHttp(Math.max(10, starts / 2)));
            results.addAll(bench.misses(Integer.getInteger("bench.misses", 30)));
        } finally {
            bench.close();
        }
        Table table = new Table("Shim-side start latency (ms): Create received -> first stdout line of the function",
                "start", "n", "create p50", "first line p50", "p90", "p99");
        for (StartLatency.Result r : results) {
            table.row(r.kind(), r.firstLine().count(), r.create().median(), r.firstLine().median(),
                    r.firstLine().percentile(90), r.firstLine().percentile(99));
        }
        table.print();
        System.out.printf("%n(each warm row leaves out the first start of its launcher, whose code ran for the first time in"
                + " this JVM and whose pool worker was moved, not renamed: for the first row %.1f ms to the first line)%n",
                bench.firstWarmStart.firstLine().median());
        System.out.printf("%nKernel floor: moving a process into a cgroup took p50 %.2f ms, p90 %.2f (n=%d; cgroup mounts %s favordynmods)%n",
                migration.median(), migration.percentile(90), migration.count(),
                StartLatency.favordynmods() ? "with" : "without");
        if (renames.count() > 0) {
            System.out.printf("renaming a cgroup (what a warm start does instead on this cgroup v1 host once its pool's slots are beside the containers' cgroups) took p50 %.2f ms, p90 %.2f (n=%d)%n",
                    renames.median(), renames.percentile(90), renames.count());
        }
        System.out.println("\ncreate = cgroup made (512 MiB limit; for a warm start on cgroup v1 the worker's pool cgroup renamed to it) + worker claimed or booted, moved if need be, Load/Loaded;"
                + " first line = create + Start + the function's console.log read from its FIFO (for the fetch handler: its first HTTP response). Rootfs mounting not included.");
    }

    private static void endToEnd(EndToEnd e2e, int rounds) throws Exception {
        long hitsBefore = e2e.daemonLogCount("from the pool");
        long missesBefore = e2e.daemonLogCount("pool empty");
        Map<String, Samples> runs = e2e.compare(rounds);
        double busybox = runs.get(EndToEnd.BUSYBOX).median();
        Table table = new Table("`ctr run --rm` end to end (ms), " + rounds + " interleaved runs each (before every run: hearth's pool refilled and its workers idle)",
                "what", "median", "p90", "vs busybox echo (runc)");
        table.row("hello.js through hearth", runs.get(EndToEnd.HELLO).median(), runs.get(EndToEnd.HELLO).percentile(90),
                String.format("%.2fx", runs.get(EndToEnd.HELLO).median() / busybox));
        table.row("same JS, node 20 under runc", runs.get(EndToEnd.NODE).median(), runs.get(EndToEnd.NODE).percentile(90),
                String.format("%.2fx", runs.get(EndToEnd.NODE).median() / busybox));
        table.row("busybox echo under runc", busybox, runs.get(EndToEnd.BUSYBOX).percentile(90), "1.00x");
        table.row("containerd's floor: hello image, a shim that does nothing", runs.get(EndToEnd.FLOOR).median(),
                runs.get(EndToEnd.FLOOR).percentile(90), String.format("%.2fx", runs.get(EndToEnd.FLOOR).median() / busybox));
        table.print();
        System.out.printf("%nhearth adds %.0f ms (median) to containerd's floor; runc + busybox adds %.0f ms%n",
                runs.get(EndToEnd.HELLO).median() - runs.get(EndToEnd.FLOOR).median(),
                busybox - runs.get(EndToEnd.FLOOR).median());
        Map<String, Samples> daemon = e2e.daemonTimes();
        System.out.printf("hearth's daemon in those runs (its log), median: Create %.1f ms (launcher %.1f, of it the worker's Load %.1f), Delete %.1f ms%n",
                daemon.get("Create").median(), daemon.get("launcher").median(), daemon.get("Load").median(),
                daemon.get("Delete").median());
        System.out.printf("the first hearth run, which started the daemon (and waited for its pool's first worker): %.0f ms%n",
                e2e.firstHearthRunNanos / 1e6);
        System.out.printf("%nhearth runs: %d warm pool hits, %d pool misses%n",
                e2e.daemonLogCount("from the pool") - hitsBefore, e2e.daemonLogCount("pool empty") - missesBefore);
    }

    private static void throughput(EndToEnd e2e) throws Exception {
        int clients = 4;
        int each = Integer.getInteger("bench.throughput.each", 10);
        long hitsBefore = e2e.daemonLogCount("from the pool");
        long missesBefore = e2e.daemonLogCount("pool empty");
        double hearth = e2e.throughput(EndToEnd.HELLO, clients, each);
        long hits = e2e.daemonLogCount("from the pool") - hitsBefore;
        long misses = e2e.daemonLogCount("pool empty") - missesBefore;
        double runc = e2e.throughput(EndToEnd.BUSYBOX, clients, each);
        Table table = new Table("Starts per second, " + clients + " concurrent `ctr run --rm` clients x " + each + " runs",
                "what", "starts/s");
        table.row("hello.js through hearth (" + hits + " pool hits, " + misses + " misses)", hearth);
        table.row("busybox echo under runc", runc);
        table.print();
    }

    private static void memory(EndToEnd e2e, Path work, int n) throws Exception {
        List<MemoryUse.Row> rows = new ArrayList<>(MemoryUse.hearth(e2e, work, n));
        rows.add(MemoryUse.processes("node 20 serving the handler (http)", work, MemoryUse.NODE_SERVER, "server.mjs", n, "/usr/bin/node"));
        Path deno = Deno.binary(work);
        rows.add(MemoryUse.processes("deno serving the handler (Deno.serve)", work, MemoryUse.DENO_SERVER, "server.js", n,
                deno.toString(), "run", "--allow-net"));
        Table table = new Table("Memory per idle instance, " + n + " instances up at once (MiB)",
                "instance", "n", "PSS", "RSS", "instances in 24 GiB (by PSS)");
        for (MemoryUse.Row r : rows) {
            table.row(r.kind(), r.count(), r.pssMb(), r.rssMb(), r.kind().contains("daemon") || r.kind().contains("parked") ? "-"
                    : String.valueOf((long) (24 * GIB / r.pssMb())));
        }
        table.print();
        System.out.println("\nThe daemon and the parked pool workers are shared by all functions of a namespace (not per instance).");
    }

    /** The 1-minute load average: other work on the machine inflates every figure. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static long memTotalMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
