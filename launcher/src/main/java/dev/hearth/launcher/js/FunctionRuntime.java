package dev.hearth.launcher.js;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import dev.hearth.launcher.http.ServeSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * One function's JavaScript world: a sandboxed GraalJS context over the container's rootfs, the
 * web APIs of {@link Prelude} (console, timers, queueMicrotask, process.env, ...) and the
 * {@link EventLoop} it runs on. Use: construct, {@link #load} the entrypoint (parse only), then
 * {@link #run()} on the thread that is to own the context, which returns the exit code. A pool
 * worker instead makes the runtime {@link #unbound()} while it waits (the context and every web
 * API, the costly part) and {@link #bind}s it to the container that claims it: one container per
 * runtime, never a second.
 *
 * <p>The sandbox (GraalVM's CONSTRAINED policy, tightened): no host classes or objects (the
 * runtime's own functions are {@link ProxyExecutable}s), no file IO except reading the rootfs
 * through {@link BundleFileSystem}, no threads, no native access, no processes, no host
 * environment, no other languages.
 */
public final class FunctionRuntime implements AutoCloseable {

    private final BundleFileSystem files;
    private final EventLoop loop = new EventLoop();
    private final Context context;
    /** Shared by the API files only (see {@link Prelude}); holds {@code describe}. */
    private final Value internal;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    // The container's side, set once by bind(); null while a pre-created context waits for it.
    private volatile Path rootfs;
    private volatile Map<String, String> env;
    private volatile List<String> args;
    private volatile FunctionInput stdin;
    private volatile FunctionOutput stdout;
    private volatile FunctionOutput stderr;
    private volatile long originNanos;
    private volatile Instant origin;
    private ServeSettings serveSettings;
    /** process.exitCode: the status when the work runs out. */
    private int exitCodeOnEnd;
    /** Set by process.exit, whose cancellation of the context ends run() with it. */
    private volatile Integer exitRequested;
    private Value entry;
    private String entryName;
    private boolean entryIsModule;

    /**
     * A runtime bound to its container at once ({@code hearth run}, a worker booted for a waiting
     * container, tests): {@link #unbound()} then {@link #bind}.
     */
    public FunctionRuntime(Binding binding) throws IOException {
        this();
        try {
            bind(binding);
        } catch (IOException | RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /**
     * The context with every web API installed but no container yet: it reads no file, has no
     * environment and no output until {@link #bind}. What a worker makes before it says hello, so
     * that its Load only binds it and parses the entrypoint. Nothing of the function's runs before bind.
     */
    private FunctionRuntime() {
        this.files = BundleFileSystem.unbound();
        this.context = sandboxedContext(files, new BoundOutput(1), new BoundOutput(2));
        try {
            this.internal = context.eval("js", "({})");
            ProxyObject host = hostObject();
            for (Source api : Prelude.SOURCES) {
                context.eval(api).execute(host, internal);
            }
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** A runtime whose context and web APIs are ready and that waits for {@link #bind}. */
    public static FunctionRuntime unbound() {
        return new FunctionRuntime();
    }

    /**
     * Gives the runtime its container, once: the rootfs it may read, the working directory, the
     * environment ({@code process.env} and a fetch handler's {@code env}), its arguments, its
     * stdin and where its output goes. Call it on the thread that will {@link #load} and
     * {@link #run()}, before either.
     *
     * @throws IOException           when the rootfs does not exist (nothing is bound then)
     * @throws IllegalStateException when the runtime is already bound: a context serves one
     *                               container in its life
     */
    public void bind(Binding binding) throws IOException {
        if (this.rootfs != null) {
            throw new IllegalStateException("this runtime is already bound to " + this.rootfs);
        }
        files.bind(binding.rootfs(), binding.cwd());
        this.env = binding.env();
        this.args = binding.args();
        this.stdin = binding.stdin();
        this.stdout = binding.stdout();
        this.stderr = binding.stderr();
        this.originNanos = System.nanoTime();
        this.origin = Instant.now();
        this.rootfs = binding.rootfs();
        closeables.add(stdin);
        // core.js fills process.env now (it stays one frozen object); serve.js reads env lazily.
        internal.getMember("bindEnvironment").executeVoid();
    }

    /**
     * Parses an ES module in a throwaway context that sees no file and writes nowhere, and runs
     * none of it (a pool worker's parse rehearsal).
     *
     * @throws PolyglotException when the module has a syntax error
     */
    public static void parseApart(Source module) {
        try (Context context = sandboxedContext(org.graalvm.polyglot.io.FileSystem.newDenyIOFileSystem(),
                OutputStream.nullOutputStream(), OutputStream.nullOutputStream())) {
            context.parse(module);
        }
    }

    /** The function's environment ({@code process.env}, a fetch handler's {@code env}). */
    public Map<String, String> env() {
        return bound(env);
    }

    /**
     * Where a fetch handler is served: from the function's environment ($PORT, default 8080)
     * unless {@link #serveWith} said otherwise.
     *
     * @throws IllegalArgumentException when $PORT or HEARTH_GRACE_SECONDS is not a valid number
     */
    public ServeSettings serveSettings() {
        if (serveSettings == null) {
            serveSettings = ServeSettings.fromEnvironment(env());
        }
        return serveSettings;
    }

    /** Serve a fetch handler with these settings (hearth run --port, tests). */
    public void serveWith(ServeSettings settings) {
        this.serveSettings = settings;
    }

    /** Something of an API to close with the runtime (a listening server). */
    public void onClose(AutoCloseable closeable) {
        closeables.add(closeable);
    }

    /** CommonJS in the function's bundle (commonjs.js). */
    CommonJs commonJs() {
        bound(rootfs);
        return files.commonJs();
    }

    /**
     * A CommonJS file's text compiled in this context as its module function; its source name is
     * its container path, so stack traces point into it. Loop thread.
     */
    Value compileCommonJs(String guestPath, String text) {
        return context.eval(Source.newBuilder("js", CommonJs.wrap(text), guestPath).buildLiteral());
    }

    /** The function's stdin ({@code process.stdin}). */
    public FunctionInput input() {
        return bound(stdin);
    }

    /** The function's stdout (fd 1) or stderr (fd 2). */
    public FunctionOutput output(int fd) {
        return bound(fd == 2 ? stderr : stdout);
    }

    private <T> T bound(T containerSide) {
        if (containerSide == null) {
            throw new IllegalStateException("no container is bound to this runtime yet");
        }
        return containerSide;
    }

    /** When the runtime was bound to its container, for {@code performance.now()}. */
    long originNanos() {
        bound(rootfs);
        return originNanos;
    }

    /** {@link #originNanos()} as wall-clock time, for {@code performance.timeOrigin}. */
    Instant origin() {
        return bound(origin);
    }

    /** The loop the function runs on (for web APIs that add sources of work). */
    public EventLoop loop() {
        return loop;
    }

    /**
     * Reads and parses the entrypoint as an ES module or a classic script (see
     * {@link SourceKind}). Nothing of the function runs yet. Modules it imports are resolved and
     * parsed when it is {@link #run()}, so their errors surface then.
     *
     * @param entrypoint the JS file on the host, inside the rootfs
     */
    public void load(Path entrypoint) throws ScriptLoadException {
        bound(rootfs);
        String guestPath;
        String text;
        try {
            guestPath = BundleFileSystem.guestPathOf(rootfs, entrypoint);
            text = Files.readString(entrypoint.toRealPath(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ScriptLoadException("entrypoint " + entrypoint + " does not exist");
        } catch (CharacterCodingException e) {
            throw new ScriptLoadException("cannot read entrypoint " + entrypoint + ": not valid UTF-8");
        } catch (IOException e) {
            throw new ScriptLoadException("cannot read entrypoint " + entrypoint + ": " + e.getMessage(), e);
        }
        SourceKind kind = SourceKind.detect(guestPath, text);
        String entryDir = guestPath.substring(0, guestPath.lastIndexOf('/'));
        files.lookUpPackagesFrom(entryDir.isEmpty() ? "/" : entryDir);
        if (kind == SourceKind.SCRIPT && files.commonJs().isCommonJs(guestPath, text)) {
            // A CommonJS entrypoint (node's default for a .js) runs through the CommonJS loader, as
            // an import of it would; its syntax is checked now, so its errors stay load errors.
            try {
                context.parse(Source.newBuilder("js", CommonJs.wrap(text), guestPath).buildLiteral());
            } catch (PolyglotException e) {
                throw new ScriptLoadException(e.isSyntaxError() ? e.getMessage() : "cannot load " + guestPath + ": " + e.getMessage());
            }
            text = CommonJs.esModuleFor(guestPath, text);
            kind = SourceKind.MODULE;
        }
        try {
            entry = parse(guestPath, text, kind);
        } catch (PolyglotException e) {
            if (!e.isSyntaxError() || kind != SourceKind.SCRIPT) {
                throw new ScriptLoadException(e.isSyntaxError() ? e.getMessage()
                        : "cannot load " + guestPath + ": " + e.getMessage());
            }
            // node's syntax detection: a file that is no valid script but a valid module (top-level
            // await with no import or export, which the scan cannot see) is a module; when it is
            // neither, the script's error is the one to show.
            try {
                entry = parse(guestPath, text, SourceKind.MODULE);
                kind = SourceKind.MODULE;
            } catch (PolyglotException asModule) {
                throw new ScriptLoadException(e.getMessage());
            }
        }
        entryName = guestPath;
        entryIsModule = kind == SourceKind.MODULE;
        List<Object> argv = new ArrayList<>(List.of("hearth", guestPath));
        argv.addAll(args);
        internal.getMember("bindArguments").executeVoid(ProxyArray.fromList(argv));
    }

    private Value parse(String guestPath, String text, SourceKind kind) {
        Source source;
        try {
            // The source's path is the container path: relative imports resolve through
            // BundleFileSystem and stack traces show /app/index.mjs, not a host path.
            source = Source.newBuilder("js", new File(guestPath)).name(guestPath).content(text)
                    .mimeType(kind.mimeType()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("content is given, nothing is read", e);
        }
        return context.parse(source);
    }

    /**
     * Evaluates the loaded entrypoint and runs the event loop until no work is left, on the
     * calling thread. An uncaught error or an unhandled rejection is written to the function's
     * stderr with its JS stack.
     *
     * @return the exit code: 0 when the work ran out, 1 after an uncaught error
     * @throws OutOfMemoryError when the function exhausted the Java heap (nothing is written: the
     *         worker reports which limit was hit and exits as an OOM kill would)
     */
    public int run() {
        if (entry == null) {
            throw new IllegalStateException("load() the entrypoint first");
        }
        Value module = entry;
        entry = null;
        loop.submit(() -> evaluate(module));
        try {
            loop.run();
            return exitCodeOnEnd;
        } catch (UncaughtJsError e) {
            stderr.write("Uncaught " + (e.inPromise() ? "(in promise) " : "") + describe(e.reason(), null) + "\n");
            return 1;
        } catch (PolyglotException e) {
            if (e.isCancelled() && exitRequested != null) {
                return exitRequested; // process.exit
            }
            if (e.isResourceExhausted() && !(e.isGuestException() && e.getGuestObject() != null)) {
                // GraalJS turns a host OutOfMemoryError into a resource-exhausted polyglot exception
                // (a JS stack overflow stays a catchable RangeError, a guest exception).
                OutOfMemoryError oom = new OutOfMemoryError(e.getMessage());
                oom.initCause(e);
                throw oom;
            }
            stderr.write(describe(e) + "\n");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stderr.write("hearth: " + entryName + " was interrupted\n");
            return 1;
        }
    }

    /**
     * Runs the entrypoint. A JS exception it throws goes to the global {@code error} event (HTML's
     * "report an exception", events.js), which ends the function unless a listener cancels it;
     * syntax errors, cancellation and resource exhaustion end it at once.
     */
    private void evaluate(Value module) {
        Value result;
        try {
            result = module.execute();
        } catch (PolyglotException e) {
            Value report = internal.getMember("reportException");
            if (report == null || !report.canExecute() || !e.isGuestException() || e.isSyntaxError()
                    || e.isCancelled() || e.isExit() || e.isResourceExhausted() || e.getGuestObject() == null) {
                throw e;
            }
            report.executeVoid(e.getGuestObject());
            return;
        }
        // serve.js decides whether this is a fetch handler (a default export with fetch, or fetch
        // event listeners) and if so serves it; a module's result is its namespace.
        Value serve = internal.getMember("startServing");
        if (serve != null && serve.canExecute()) {
            serve.executeVoid(entryIsModule ? result : null);
        }
    }

    /**
     * process.exit: the function ends now with {@code status}. Cancelling the context unwinds the
     * guest stack without running its catch or finally blocks (what node's exit does); run()
     * then returns the status. Loop thread.
     */
    void exit(int status) {
        exitRequested = status;
        loop.stop();
        context.close(true);
    }

    /** process.exitCode: what run() returns when the function's work runs out. Loop thread. */
    void exitCodeOnEnd(int status) {
        exitCodeOnEnd = status;
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                String message = "hearth: closing " + closeable + " failed: " + e;
                if (stderr != null) {
                    stderr.write(message + "\n");
                } else {
                    System.err.println(message);
                }
            }
        }
        try {
            context.close();
        } catch (PolyglotException e) {
            if (!e.isCancelled()) {
                throw e;
            }
            // process.exit cancelled it: closed already
        }
    }

    private String describe(PolyglotException e) {
        if (e.isSyntaxError()) {
            return e.getMessage(); // "SyntaxError: /app/lib.mjs:3:7 ..." with the offending line
        }
        if (e.isGuestException() && e.getGuestObject() != null) {
            return "Uncaught " + describe(e.getGuestObject(), e.getMessage());
        }
        if (e.isHostException()) {
            // A bug on our side of a host function: keep the whole Java trace for the daemon's log.
            e.asHostException().printStackTrace();
            return "hearth internal error: " + e.asHostException();
        }
        return "Uncaught " + e.getMessage(); // resource exhaustion, cancellation
    }

    private String describe(Value reason, String fallback) {
        try {
            return internal.getMember("describe").execute(reason).asString();
        } catch (PolyglotException | IllegalStateException e) {
            return fallback != null ? fallback : String.valueOf(reason);
        }
    }

    /** The host functions the API files close over; the function's own code never sees them. */
    private ProxyObject hostObject() {
        Map<String, Object> host = new HashMap<>();
        for (Prelude.Api api : Prelude.APIS) {
            if (api.host() != null) api.host().install(host, this);
        }
        return ProxyObject.fromMap(host);
    }

    private static Context sandboxedContext(org.graalvm.polyglot.io.FileSystem files, OutputStream out, OutputStream err) {
        return Context.newBuilder("js")
                .engine(JsEngine.shared())
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(out)
                .err(err)
                // Buffer access: byte arrays cross as ByteBuffers (request bodies in) and ArrayBuffers
                // (response bodies out) without a per-byte call; the guest can reach no other host member.
                .allowHostAccess(HostAccess.newBuilder(HostAccess.NONE).allowMutableTargetMappings().allowBufferAccess(true).build())
                .allowHostClassLookup(className -> false)
                .allowIO(IOAccess.newBuilder().fileSystem(files).build())
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowCreateProcess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .option("js.console", "false")
                .option("js.print", "false")
                .option("js.load", "false")
                // GraalJS's own TextEncoder: UTF-8 encoding in Java, thousands of times faster than
                // a JS loop when interpreted; encoding.js wraps it and replaces its TextDecoder
                .option("js.text-encoding", "true")
                .option("js.unhandled-rejections", "handler")
                .option("js.esm-eval-returns-exports", "true")
                .build();
    }

    /**
     * The engine's own writes to the function's streams (GraalJS itself rarely writes): to the
     * output bound at {@link #bind}, and refused before. Also a wrapper because the CONSTRAINED
     * policy refuses System.out/err by identity, which `hearth run` uses.
     */
    private final class BoundOutput extends OutputStream {
        private final int fd;

        BoundOutput(int fd) {
            this.fd = fd;
        }

        private OutputStream target() throws IOException {
            FunctionOutput output = fd == 2 ? stderr : stdout;
            if (output == null) {
                throw new IOException("no container is bound to this runtime yet (fd " + fd + ")");
            }
            return output.stream();
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            FunctionOutput output = fd == 2 ? stderr : stdout;
            if (output != null) {
                output.stream().flush();
            }
        }
    }
}
