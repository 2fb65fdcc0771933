package dev.hearth.bench;

import dev.hearth.it.Ctr;
import dev.hearth.it.Dist;
import dev.hearth.it.Functions;
import dev.hearth.it.Tasks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * PSS and RSS per idle instance with {@code n} instances up at once (from /proc/PID/smaps_rollup,
 * so memory shared between instances, like the AOT cache mapping or node's binary, is split
 * between them in PSS). hearth: functions run detached through containerd, each serving a fetch
 * handler on its own PORT; node and deno: plain host processes serving the same handler. Each
 * instance has answered one request before it is measured.
 */
final class MemoryUse {
    /** kB figures of one process. */
    record Usage(long pssKb, long rssKb) { }

    /** Averages of one kind of instance. */
    record Row(String kind, int count, double pssMb, double rssMb) { }

    private static final Duration SETTLE = Duration.ofSeconds(5);
    static final String HEARTH_SERVER = "// the same handler as node's and deno's, as a Web-standard fetch handler\n"
            + "export default { fetch: () => new Response('hello\\n') };\n";
    static final String IDLE_JS = "// stays up doing nothing, as a function between requests would\n"
            + "setInterval(() => {}, 60_000);\nconsole.log('idle');\n";
    static final String NODE_SERVER = "import http from 'node:http';\n"
            + "const server = http.createServer((req, res) => res.end('hello\\n'));\n"
            + "server.listen(0, '127.0.0.1', () => console.log('listening', server.address().port));\n";
    static final String DENO_SERVER = "Deno.serve({ hostname: '127.0.0.1', port: 0,\n"
            + "  onListen: ({ port }) => console.log('listening', port) }, () => new Response('hello\\n'));\n";

    static Usage usage(long pid) throws IOException {
        long pss = 0;
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            String[] parts = line.trim().split("\\s+");
            if (parts[0].equals("Pss:")) {
                pss = Long.parseLong(parts[1]);
            } else if (parts[0].equals("Rss:")) {
                rss = Long.parseLong(parts[1]);
            }
        }
        return new Usage(pss, rss);
    }

    static Row average(String kind, List<Long> pids) throws IOException {
        double pss = 0;
        double rss = 0;
        for (long pid : pids) {
            Usage u = usage(pid);
            pss += u.pssKb;
            rss += u.rssKb;
        }
        return new Row(kind, pids.size(), pss / pids.size() / 1024, rss / pids.size() / 1024);
    }

    /** hearth: n detached idle functions; also the daemon and its parked pool workers, shared by all. */
    static List<Row> hearth(EndToEnd e2e, Path work, int n) throws Exception {
        Path fn = Files.createDirectories(work.resolve("idle-fn"));
        Files.writeString(fn.resolve("index.js"), HEARTH_SERVER);
        Path archive = work.resolve("idle.tar");
        Images.run(Dist.command("hearth").toString(), "build", fn.toString(), "-t", "docker.io/library/idle:bench", "-o", archive.toString());
        Ctr ctr = e2e.ctr;
        ctr.run("image", "import", archive.toString()).requireSuccess();
        List<String> ids = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String id = "idle" + i;
                int port = freePort();
                ctr.run("run", "-d", "--runtime", Functions.RUNTIME, "--env", "PORT=" + port,
                        "docker.io/library/idle:bench", id).requireSuccess();
                ids.add(id);
                pids.add(Tasks.awaitStatus(ctr, id, "RUNNING"));
                awaitHello(port);
            }
            Thread.sleep(SETTLE.toMillis());
            List<Row> rows = new ArrayList<>();
            rows.add(average("hearth function serving the handler (fetch)", pids));
            long daemon = e2e.daemonPid();
            rows.add(average("hearth daemon (one per namespace)", List.of(daemon)));
            List<Long> parked = ProcessHandle.of(daemon).orElseThrow().children().map(ProcessHandle::pid)
                    .filter(p -> !pids.contains(p)).toList();
            // The pool refills after the claims above: a worker still booting holds its boot's
            // garbage and is not parked yet. Parked means it no longer uses CPU.
            parked = awaitQuiet(parked, Duration.ofSeconds(60));
            if (!parked.isEmpty()) {
                rows.add(average("hearth parked pool worker", parked));
            }
            return rows;
        } finally {
            for (String id : ids) {
                ctr.run("task", "kill", "-s", "SIGKILL", id);
                Tasks.awaitGoneOrStopped(ctr, id);
                ctr.run("task", "rm", id);
                ctr.run("container", "rm", id);
            }
        }
    }

    /**
     * The processes of {@code pids} still alive once none of them used CPU for a second (or when
     * {@code timeout} ran out: then the figure is of workers that did not settle, and says so).
     */
    static List<Long> awaitQuiet(List<Long> pids, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Long, Long> before = cpuTicks(pids);
        while (true) {
            Thread.sleep(1000);
            Map<Long, Long> now = cpuTicks(pids);
            if (now.equals(before)) {
                return List.copyOf(now.keySet());
            }
            if (System.nanoTime() > deadline) {
                System.out.println("(parked pool workers still used CPU after " + timeout.toSeconds() + " s)");
                return List.copyOf(now.keySet());
            }
            before = now;
        }
    }

    /** utime + stime of each live process of {@code pids}, from /proc/PID/stat. */
    private static Map<Long, Long> cpuTicks(List<Long> pids) {
        Map<Long, Long> ticks = new TreeMap<>();
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12])); // fields 14 and 15 of stat
            } catch (IOException e) {
                // exited: not a parked worker
            }
        }
        return ticks;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the function on {@code port} answers (it has served one request, like the others). */
    static void awaitHello(int port) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                String body = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                if (body.equals("hello\n")) {
                    return;
                }
                throw new IllegalStateException("port " + port + " answered " + body);
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("nothing listens on port " + port, e);
                }
                Thread.sleep(20);
            }
        }
    }

    /** n host processes of {@code command} + script, each waited for until it prints its first line. */
    static Row processes(String kind, Path work, String script, String fileName, int n, String... command) throws Exception {
        Path dir = Files.createDirectories(work.resolve(kind.replaceAll("\\W+", "-")));
        Path file = Files.writeString(dir.resolve(fileName), script);
        List<Process> started = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                List<String> cmd = new ArrayList<>(List.of(command));
                cmd.add(file.toString());
                ProcessBuilder builder = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
                builder.environment().put("DENO_DIR", dir.resolve("deno-dir").toString());
                builder.environment().put("NO_COLOR", "1");
                Process p = builder.start();
                started.add(p);
                String first = awaitFirstLine(kind, p);
                if (first.startsWith("listening")) {
                    awaitHello(Integer.parseInt(first.substring("listening ".length()).trim()));
                }
            }
            Thread.sleep(SETTLE.toMillis());
            return average(kind, started.stream().map(Process::pid).toList());
        } finally {
            for (Process p : started) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String awaitFirstLine(String kind, Process p) throws Exception {
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                line.complete(in.readLine());
                while (in.readLine() != null) {
                    // keep the pipe drained
                }
            } catch (IOException e) {
                line.completeExceptionally(e);
            }
        });
        String first = line.get(60, TimeUnit.SECONDS);
        if (first == null || !(first.startsWith("listening") || first.startsWith("idle"))) {
            throw new IllegalStateException(kind + " did not start: " + first);
        }
        return first;
    }
}
