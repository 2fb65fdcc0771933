package dev.hearth.launcher.worker;

import dev.hearth.launcher.dns.PodDns;
import dev.hearth.launcher.js.Binding;
import dev.hearth.launcher.js.FunctionInput;
import dev.hearth.launcher.js.FunctionOutput;
import dev.hearth.launcher.js.FunctionRuntime;
import dev.hearth.launcher.js.ScriptLoadException;
import dev.hearth.launcher.protocol.ControlChannel;
import dev.hearth.launcher.protocol.ControlMessage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The worker process: one JVM that runs one function. Started by the daemon as
 * {@code java ... dev.hearth.launcher.worker.WorkerMain <control-socket>} with the one-time
 * token in {@value #TOKEN_ENV}.
 *
 * <p>Life: make the function's context with every web API, connect and say {@code Hello}; on
 * {@code Prepare} (a pool worker that no container is waiting for) collect the garbage, rehearse
 * a function and say {@code Parked}, then stay blocked in the read of its Load: parked, using no
 * CPU; on {@code Load} open the function's stdout/stderr itself (its stdin when the function
 * first reads it) and parse the entrypoint, reply {@code Loaded} (or {@code LoadFailed} and exit
 * 1); on {@code Start} run the function, keeping the connection open. The process exit code is
 * the function's: 0 when its work ran out, 1 after an uncaught error, 137 when it exhausted its
 * heap: then the worker writes which limit was hit to the function's stderr and sends
 * {@code OutOfMemory} (the daemon publishes TaskOOM) before exiting, so a heap limit ends a
 * function as the kernel's OOM killer does.
 * The worker's own stdout/stderr are the daemon's (its log), never the container's console.
 * When the control connection closes before Start (the daemon exited or killed it), the worker
 * exits: no parked worker outlives its daemon.
 */
public final class WorkerMain {

    public static final String TOKEN_ENV = "HEARTH_WORKER_TOKEN";

    /** Exit codes of the worker itself (the function's are 0 and 1). */
    static final int EXIT_USAGE = 2;
    static final int EXIT_CONTROL_LOST = 3;

    private WorkerMain() { }

    public static void main(String[] args) {
        String token = System.getenv(TOKEN_ENV);
        if (args.length != 1 || token == null || token.isEmpty()) {
            System.err.println("usage: " + TOKEN_ENV + "=<token> java " + WorkerMain.class.getName() + " <control-socket>");
            System.exit(EXIT_USAGE);
        }
        int code;
        try {
            code = serve(Path.of(args[0]), token);
        } catch (EOFException e) {
            System.err.println("hearth worker " + ProcessHandle.current().pid() + ": the daemon went away before start: " + e.getMessage());
            code = EXIT_CONTROL_LOST;
        } catch (IOException e) {
            System.err.println("hearth worker " + ProcessHandle.current().pid() + ": control connection failed: " + e);
            code = EXIT_CONTROL_LOST;
        } catch (OutOfMemoryError e) {
            // out of memory again while reporting it: still end as an OOM
            code = OutOfMemoryReport.EXIT_STATUS;
        }
        // Everything of the function is closed by now (its context, stdout and stderr, the control
        // connection): halting skips the JVM's shutdown sequence, which nothing here needs and
        // which cost ~7 ms of every container's exit (10.2 vs 2.9 ms measured on a plain JVM).
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    static int serve(Path socket, String token) throws IOException {
        // The context of the worker's one container, with every web API, made before hello so that
        // Load only binds it and parses the entrypoint. As the JVM's first context it costs the
        // most (the engine parses the web APIs' JavaScript and runs it for the first time); a
        // throwaway context for that first, as workers had before, made a container that claims a
        // worker as it says hello wait for a second context: its first start took ~60 ms longer.
        FunctionRuntime runtime = FunctionRuntime.unbound();
        try (ControlChannel control = ControlChannel.connect(socket)) {
            control.send(new ControlMessage.Hello(token, ProcessHandle.current().pid()));
            ControlMessage message = control.receive();
            if (message instanceof ControlMessage.Prepare) {
                prepareToPark();
                control.send(new ControlMessage.Parked());
                message = control.receive();
            }
            if (!(message instanceof ControlMessage.Load load)) {
                throw new IOException("expected Load, got " + message.getClass().getSimpleName());
            }
            FunctionOutput stdout = null;
            FunctionOutput stderr = null;
            String failure;
            try {
                if (!load.networkNamespace().isEmpty()) {
                    // Before anything of the function exists: its sockets are made on this thread
                    // and on threads it starts, which take this thread's namespace.
                    NetworkNamespace.join(load.networkNamespace());
                }
                if (!load.resolvConf().isEmpty()) {
                    // The pod's DNS (cluster names, its search list) instead of the host's resolv.conf.
                    try {
                        PodDns.configure(PodDns.Config.parse(Files.readString(Path.of(load.resolvConf())), 53));
                    } catch (IOException e) {
                        throw new IOException("cannot read the pod's resolv.conf " + load.resolvConf() + ": " + e.getMessage(), e);
                    }
                }
                stdout = StdioTarget.openForWriting("stdout", load.stdout());
                stderr = StdioTarget.openForWriting("stderr", load.stderr());
                try {
                    runtime.bind(new Binding(Path.of(load.rootfs()), load.cwd(), load.env(), load.args(),
                            FunctionInput.ofPath(load.stdin()), stdout, stderr));
                } catch (IOException e) {
                    throw new IOException("rootfs " + load.rootfs() + " is not usable: " + e, e);
                }
                runtime.load(Path.of(load.entrypoint()));
                failure = null;
            } catch (IOException | ScriptLoadException e) {
                failure = e.getMessage();
            } catch (RuntimeException e) {
                e.printStackTrace(); // the daemon's log gets the whole trace
                failure = "hearth worker internal error while loading: " + e;
            }
            if (failure != null) {
                control.send(new ControlMessage.LoadFailed(failure));
                closeAll(runtime, stdout, stderr);
                return 1;
            }
            control.send(new ControlMessage.Loaded());
            message = control.receive();
            if (!(message instanceof ControlMessage.Start)) {
                throw new IOException("expected Start, got " + message.getClass().getSimpleName());
            }
            // The loop's own OutOfMemoryError comes back here, its stack unwound (its allocations
            // are garbage now); one on any other thread, or live data past a pool worker's heap
            // limit, ends the process at once.
            long heapLimit = load.heapLimit() > 0 ? load.heapLimit() : OutOfMemoryReport.heapLimit();
            OutOfMemoryExit outOfMemory = new OutOfMemoryExit(control, stderr, heapLimit, Runtime.getRuntime()::halt);
            Thread.setDefaultUncaughtExceptionHandler(outOfMemory);
            if (load.heapLimit() > 0) {
                HeapBudget.enforce(load.heapLimit(), outOfMemory::exitNow);
            }
            int code;
            try {
                code = runtime.run();
            } catch (OutOfMemoryError e) {
                code = outOfMemory.report();
            }
            closeAll(runtime, stdout, stderr);
            return code;
        }
    }

    /**
     * What a pool worker does before it parks, ~200 ms of CPU that only makes its claim faster
     * (a worker claimed as it says hello skips it): gives back what the boot allocated, fills the
     * engine's caches again with rehearsals, and empties eden.
     */
    private static void prepareToPark() {
        // A pool worker may stay parked for minutes: give back what its boot allocated (SerialGC
        // shrinks the heap after a full collection, down to MaxHeapFreeRatio free).
        HeapBudget.warmUp(); // its garbage goes with the collection below
        System.gc();
        // The collection also empties the engine's weakly held caches: a context bound, loaded
        // and run right after it took 2.2 + 2.5 + 1.8 ms instead of 0.1 + 0.2 + 0.3 ms
        // (measured with a one-line function). One rehearsal after it fills them again (its
        // garbage is young and small); more rehearsals before it did not make a warm start
        // faster (measured 0 vs 3) and cost the boot ~100 ms of CPU.
        rehearse();
        ServingRehearsal.run();
        ParseRehearsal.run();
        YoungCollection.run(); // last: the claimed function starts with an empty eden
    }

    /**
     * Runs a throwaway function through the same steps a Load and Start take (a context over a
     * rootfs, every web API installed, a module parsed and run, timers and promises), so that a
     * pool worker's claim finds the engine's caches full and the code of those steps run once
     * ({@link ThrowawayFunction}: nothing of it survives).
     */
    static boolean rehearse() {
        return ThrowawayFunction.run("warm-up function", REHEARSAL, Map.of("REHEARSAL", "1"), runtime -> { });
    }

    /**
     * What the rehearsal runs: the statements and builtins most functions start with, each run a
     * few times only (first runs are what it is for; more would compile code a parked worker then
     * holds). Loops, array callbacks, an async function, a class with private fields, a caught
     * error: without them the hello example's prime loop took 2.4-5 ms of its first run, with them
     * 1.0-1.5 ms (measured with a rehearsal of the same constructs).
     */
    private static final String REHEARSAL = """
            const sum = [1, 2, 3].map((n) => n * 2).reduce((a, b) => a + b, 0);
            console.log('rehearsal %s %d %o', 'x', sum, { a: [1, { b: 2 }] }, process.env.REHEARSAL);
            await new Promise((resolve) => setTimeout(resolve, 0));
            queueMicrotask(() => console.error(JSON.stringify({ ok: true })));
            async function tally(words) {
              const seen = [];
              for (let i = 0; i < words.length; i++) {
                if (seen.every((w) => w !== words[i]) && [words[i]].some((w) => w.length % 7 !== 0)) seen.push(words[i]);
              }
              for (const w of seen) if (!w) throw new Error(`empty ${w}`);
              return seen.filter((w) => w.length % 2).map((w) => ({ w, ...{ n: w.length * 2 } }));
            }
            const got = await tally(['a', 'bb', 'a', 'ccc']);
            const { w: first, n: y } = got[0] ?? {};
            class Counter { #n = 0; add(k = 1) { this.#n += k; return this; } get n() { return this.#n; } }
            const c = new Counter().add().add(2);
            try { JSON.parse('{'); } catch (e) { c.add(e instanceof SyntaxError ? 1 : 0); }
            console.log(`${got.length} ${first} ${y} ${c.n} ${globalThis.process?.env?.REHEARSAL}`, Object.keys({ a: 1 }).includes('a'));
            """;

    private static void closeAll(FunctionRuntime runtime, FunctionOutput stdout, FunctionOutput stderr) {
        if (runtime != null) {
            runtime.close();
        }
        if (stdout != null) {
            stdout.close();
        }
        if (stderr != null) {
            stderr.close();
        }
    }
}
