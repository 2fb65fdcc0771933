package dev.hearth.launcher.aot;

import dev.hearth.launcher.ExitStatus;
import dev.hearth.launcher.Fifo;
import dev.hearth.launcher.FunctionProcess;
import dev.hearth.launcher.FunctionSpec;
import dev.hearth.launcher.LaunchException;
import dev.hearth.launcher.Stdio;
import dev.hearth.launcher.WorkerCommand;
import dev.hearth.launcher.WorkerLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the worker AOT cache with a training run that is a real start: a worker JVM is booted
 * by a {@link WorkerLauncher} (control socket, hello, Load, Start, exactly as the daemon does)
 * with {@code -XX:AOTCacheOutput}, warms its engine and web APIs, loads a module that imports
 * another, and runs it (console, timers, promises, JSON, classes, errors, process.env, reading
 * stdin; its stdio are FIFOs, as containerd gives them); the module
 * then serves its fetch handler, which gets GET and POST requests (URL, JSON bodies, Response.json)
 * before a SIGTERM ends it. When the worker exits, the JVM writes the cache. Then the {@link AotStamp} is written beside it.
 *
 * <p>The worker is started as a pool worker (it rehearses a function before it parks) and then
 * claimed, so the cache covers both a pool worker's boot and a warm start.
 *
 * <p>Usage: {@code java -cp "<lib>/*" dev.hearth.launcher.aot.AotCacheBuilder <lib> [worker JVM option...]}.
 * It must run with the same class path as the daemon (the {@code lib/*} of the installation) and
 * the extra options the daemon gives workers ({@code HEARTH_WORKER_JAVA_OPTS}), or the daemon
 * will find the cache stale. {@code scripts/aot-cache.sh} (installed as {@code bin/hearth-aot-cache})
 * does that.
 */
public final class AotCacheBuilder {

    private static final long TRAINING_TIMEOUT_SECONDS = 180;

    private AotCacheBuilder() { }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java -cp '<lib>/*' " + AotCacheBuilder.class.getName() + " <lib> [worker JVM option...]");
            System.exit(2);
        }
        Path lib = Path.of(args[0]).toAbsolutePath();
        List<String> extraOptions = Arrays.asList(args).subList(1, args.length);
        try {
            Path cache = build(lib.resolve(AotCache.CACHE_FILE), WorkerCommand.defaults().withExtraOptions(extraOptions));
            System.out.println("worker AOT cache written: " + cache + " (" + Files.size(cache) / (1 << 20) + " MiB)");
            System.exit(0);
        } catch (IOException | LaunchException e) {
            System.err.println("hearth: building the worker AOT cache failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Trains a worker started with {@code command} and writes the cache to {@code cacheFile} (and its stamp). */
    public static Path build(Path cacheFile, WorkerCommand command) throws IOException, LaunchException, InterruptedException {
        Path work = Files.createTempDirectory("hearth-aot-");
        Path partial = cacheFile.resolveSibling(cacheFile.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        try {
            Path rootfs = trainingBundle(work.resolve("rootfs"));
            // FIFOs, as containerd gives a container's stdio, so that the cache holds what a
            // worker runs to open and read them (not in the cache, a claim loaded those classes
            // and spun their lambdas: ~1.5 ms of a warm start).
            Path stdin = Fifo.make(work.resolve("stdin"));
            CompletableFuture<String> stdout = Fifo.readAll(Fifo.make(work.resolve("stdout")));
            CompletableFuture<String> stderr = Fifo.readAll(Fifo.make(work.resolve("stderr")));
            feed(stdin, TRAINING_INPUT);
            WorkerCommand training = command.withExtraOptions(List.of("-XX:AOTCacheOutput=" + partial,
                    "-Xlog:aot=error", "-Xlog:cds=error")); // the dump's per-class warnings are noise
            // A pool of one that never refills: the training worker is booted to park (it rehearses
            // a function, as pool workers do), then claimed, loaded and run like a warm start.
            // The pool retries a failed boot; a training run must stop at the first failure instead.
            java.util.concurrent.CompletableFuture<String> bootFailure = new java.util.concurrent.CompletableFuture<>();
            WorkerLauncher.Settings settings = WorkerLauncher.Settings.defaults().withCommand(training)
                    .withPool(new WorkerLauncher.Pool(1, null, Duration.ofDays(1)))
                    .withLog(line -> {
                        System.err.println("training: " + line);
                        if (line.startsWith("pool refill failed")) {
                            bootFailure.complete(line);
                        }
                    });
            ExitStatus exit;
            String served;
            try (WorkerLauncher launcher = new WorkerLauncher(settings)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TRAINING_TIMEOUT_SECONDS);
                while (!launcher.awaitWarmWorkers(1, Duration.ofMillis(200))) {
                    if (bootFailure.isDone()) {
                        throw new IOException("the training worker did not boot: " + bootFailure.getNow(""));
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IOException("the training worker did not boot within " + TRAINING_TIMEOUT_SECONDS + " s");
                    }
                }
                int port = freePort();
                FunctionProcess process = launcher.create(new FunctionSpec("aot-training", rootfs,
                        rootfs.resolve("app/index.mjs"), List.of(),
                        Map.of("HEARTH_TRAINING", "1", "PORT", Integer.toString(port), "HEARTH_GRACE_SECONDS", "2"), "/app",
                        new Stdio(stdin.toString(), work.resolve("stdout").toString(), work.resolve("stderr").toString()), null, null));
                process.start();
                served = serveRequests(port, process);
                ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy); // SIGTERM: drain, exit 0
                exit = process.exited().get(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("the training worker did not finish within " + TRAINING_TIMEOUT_SECONDS + " s", e);
            }
            String output = outputOf(stdout);
            if (exit.status() != 0 || !output.contains("training done") || !output.contains("stdin: " + TRAINING_INPUT.trim())
                    || !served.contains("\"hello\":\"training\"")) {
                throw new IOException("the training function failed (exit " + exit.status() + ", served " + served
                        + "), its output:\n" + output + outputOf(stderr));
            }
            if (!Files.isRegularFile(partial)) {
                throw new IOException("the training JVM wrote no cache to " + partial + " (see the training: lines above)");
            }
            Files.move(partial, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            AotStamp.current(command).write(cacheFile.resolveSibling(cacheFile.getFileName() + ".stamp"));
            return cacheFile;
        } finally {
            Files.deleteIfExists(partial);
            deleteTree(work);
        }
    }

    /** What the training function reads from its stdin. */
    private static final String TRAINING_INPUT = "training input\n";

    /** Writes {@code text} to a FIFO and closes it, on a thread of its own, once the worker opens it. */
    private static void feed(Path fifo, String text) {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Files.writeString(fifo, text);
            } catch (IOException e) {
                // the function's own check (its stdin line) reports a training that did not read it
            }
        });
    }

    /** What a worker wrote to a drained FIFO, or what is known when it did not close it in time. */
    private static String outputOf(CompletableFuture<String> drained) {
        try {
            return drained.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "(output not readable: " + e + ")\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** A small function that touches what typical functions use. */
    static Path trainingBundle(Path rootfs) throws IOException {
        Path app = Files.createDirectories(rootfs.resolve("app"));
        Files.writeString(app.resolve("greet.mjs"), """
                export class Greeter {
                  #name;
                  constructor(name) { this.#name = name; }
                  greet(times) { return Array.from({ length: times }, (_, i) => `hello ${this.#name} #${i}`); }
                }
                export const sum = (xs) => xs.reduce((a, b) => a + b, 0);
                """);
        Files.writeString(app.resolve("index.mjs"), """
                import { Greeter, sum } from './greet.mjs';
                const g = new Greeter(process.env.HEARTH_TRAINING ? 'training' : 'x');
                console.log(g.greet(3).join(', '));
                console.log('%s %d %o', 'format', 42, { a: [1, 2, { b: 'c' }], m: new Map([[1, 2]]) });
                console.error('to stderr', new Error('an error to print').message);
                const data = JSON.parse(JSON.stringify({ list: [1, 2, 3], nested: { ok: true }, text: 'é✓' }));
                const words = 'the quick brown fox jumps over the lazy dog'.split(' ').map((w) => w.toUpperCase());
                const re = /(\\w+)@(\\w+)\\.com/.exec('mail me at someone@example.com');
                try { null.x; } catch (e) { console.log(e instanceof TypeError, e.message.length > 0); }
                const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
                let ticks = 0;
                const timer = setInterval(() => { ticks++; }, 1);
                await wait(20);
                clearInterval(timer);
                queueMicrotask(() => console.log('microtask', ticks > 0));
                const results = await Promise.all([1, 2, 3].map(async (n) => { await wait(n); return n * n; }));
                console.log(sum(results), data.list.length, words.length, re[2], [...new Set([1, 1, 2])].length);
                console.log(`stdin: ${(await new Response(process.stdin).text()).trim()}`);
                console.log('training done');
                export default {
                  async fetch(request, env) {
                    const url = new URL(request.url);
                    const body = request.method === 'POST' ? await request.json() : null;
                    await wait(1);
                    return Response.json({ hello: env.HEARTH_TRAINING ? 'training' : '?', path: url.pathname,
                      q: url.searchParams.get('q'), body }, { headers: { 'x-hearth': 'training' } });
                  },
                };
                """);
        return rootfs;
    }

    /** A port that was free a moment ago (the training worker binds it on all addresses). */
    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** GET and POST requests to the training function once it listens; the last response body. */
    private static String serveRequests(int port, FunctionProcess process) throws IOException, InterruptedException {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(2)).build();
        java.net.URI base = java.net.URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String body = "";
        for (int i = 0; i < 5; i++) {
            java.net.http.HttpRequest request = i % 2 == 0
                    ? java.net.http.HttpRequest.newBuilder(base.resolve("/get?q=" + i)).GET().build()
                    : java.net.http.HttpRequest.newBuilder(base.resolve("/post")).header("content-type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build();
            while (true) {
                try {
                    body = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                    break;
                } catch (java.net.ConnectException e) {
                    if (process.exited().isDone() || System.nanoTime() > deadline) {
                        throw new IOException("the training function never listened on port " + port, e);
                    }
                    Thread.sleep(20);
                }
            }
        }
        return body;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
